using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.State;

/// <summary>`sharpdig -r X -w Y`: the real sysdig prints Y exactly as it prints X (as we print X for files it cannot read).</summary>
[Collection("real sysdig")]
public class WriteRoundTripTests
{
    public static IEnumerable<object[]> Captures() =>
        Directory.Exists(Path.Combine(TestPaths.Shared, "corpus"))
            ? Directory.GetFiles(Path.Combine(TestPaths.Shared, "corpus"), "*.scap").Select(f => new object[] { Path.GetFileName(f) })
            : [new object[] { "curl_google.scap" }];

    [SkippableTheory]
    [MemberData(nameof(Captures))]
    public void SysdigReadsOurCopyLikeTheOriginal(string name)
    {
        string src = Path.Combine(TestPaths.RequireShared("corpus"), name);
        if (!File.Exists(ToolRunner.SysdigPath))
        {
            if (TestPaths.IsCi) Assert.Fail("sysdig 0.29.3 is required under CI");
            Skip.If(true, "sysdig not installed");
        }
        string copy = Path.Combine(Path.GetTempPath(), $"sharpdig-rt-{Environment.ProcessId}-{name}");
        try
        {
            var (rc, _) = ToolRunner.RunSharpdig("-r", src, "-w", copy);
            Assert.Equal(0, rc);
            string expected = ToolRunner.RunSysdig("-r", src, "-ta");
            if (expected.Length == 0) expected = ToolRunner.RunSharpdig("-r", src, "-ta").Out;   // sysdig 0.29.3 cannot read it
            Assert.Equal(expected, ToolRunner.RunSysdig("-r", copy, "-ta"));
        }
        finally { File.Delete(copy); }
    }
}
