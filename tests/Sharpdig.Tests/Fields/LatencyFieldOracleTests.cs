using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Fields;

/// <summary>
/// evt.latency and friends on every event, hidden ones included (-D): internal events of a known
/// thread have no latency, and evt.latency.human of a thread-less event repeats the last text.
/// </summary>
public class LatencyFieldOracleTests
{
    [SkippableTheory]
    [InlineData("single_ipv6_conn.scap")]
    [InlineData("curl_google.scap")]
    [InlineData("falco_syscall.scap")]
    public void Matches_sysdig_on_every_event(string capture)
    {
        Skip.IfNot(File.Exists(ToolRunner.SysdigPath), "the real sysdig is not installed");
        string file = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        string[] argv = ["-r", file, "-D", "-p", "*%evt.num %evt.type %evt.latency %evt.latency.s %evt.latency.ns %evt.latency.human"];
        // -D makes sysdig log its own debug lines (they start with a date); only event lines are compared.
        var expected = ToolRunner.RunSysdig(argv).Split('\n')
            .Where(l => l.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d-\d\d \d")).ToList();
        var actual = ToolRunner.RunSharpdig(argv).Out.Split('\n').Where(l => l.Length > 0).ToList();
        Assert.True(expected.Count > 100, $"only {expected.Count} lines from sysdig");
        Assert.Equal(expected, actual);
    }
}
