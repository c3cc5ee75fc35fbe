using Sharpdig.Tests.Capture.Dump;
using Xunit;

namespace Sharpdig.Tests.Cli;

/// <summary>Bad input of any kind: one clear line on stderr, a non-zero exit code, never a stack trace.</summary>
public class BadInputTests
{
    [SkippableTheory]
    [InlineData("-c", "topfiles_bytes", "extra_arg")]            // a chisel's capture filter that does not parse
    [InlineData("-c", "topfiles_bytes", "proc.name=curl and")]
    [InlineData("(proc.name=cat")]
    [InlineData("proc.nme=cat")]
    [InlineData("-p", "%no.such.field")]
    [InlineData("-c", "no_such_chisel")]
    [InlineData("-c", "spy_ip")]                                  // a required chisel argument missing
    [InlineData("-n", "abc")]
    [InlineData("-t", "x")]
    [InlineData("--no-such-option")]
    [InlineData("-w", "/")]
    public void One_line_and_a_non_zero_exit(params string[] args)
    {
        string capture = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        var (_, stderr, rc) = DumpTestSupport.RunSharpdig(Path.GetTempPath(), ["-r", capture, .. args]);
        Assert.NotEqual(0, rc);
        Assert.DoesNotContain("exception", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [SkippableTheory]
    [InlineData("curl_google.scap", 1)]       // has sockets: the first address refuses the operator
    [InlineData("falco_cat_write.scap", 0)]   // none: nothing to refuse, as in sysdig
    public void Ip_fields_refuse_ordering_operators_at_the_first_address(string capture, int expectedRc)
    {
        string path = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        var (stdout, stderr, rc) = DumpTestSupport.RunSharpdig(Path.GetTempPath(), "-r", path, "fd.ip exists");
        Assert.Equal(expectedRc, rc);
        Assert.Equal("", stdout);
        Assert.Equal(expectedRc == 0 ? "" : "filter error: IP filter only supports '=' and '!=' operators\n", stderr);
    }
}
