using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>sysdig.set_filter from a chisel changes the capture filter, also once the capture runs.</summary>
public class CaptureFilterFromChiselTests
{
    [SkippableTheory]
    [InlineData("on_init")]
    [InlineData("on_capture_start")]
    public void SetFilterAppliesToTheEventsThatFollow(string callback)
    {
        Skip.IfNot(File.Exists(ToolRunner.SysdigPath), "the real sysdig is not installed");
        string dir = Path.Combine(Path.GetTempPath(), $"sharpdig-setfilter-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string chisel = Path.Combine(dir, "setfilter.lua");
            File.WriteAllText(chisel, $$"""
                description = "test"; short_description = "test"; category = "test"; args = {}
                local n = 0
                function on_init() {{(callback == "on_init" ? "sysdig.set_filter(\"evt.type=open\")" : "")}} return true end
                function on_capture_start() {{(callback == "on_capture_start" ? "sysdig.set_filter(\"evt.type=open\")" : "")}} return true end
                function on_event() n = n + 1; return true end
                function on_capture_end() print("events: " .. n) end
                """);
            string capture = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
            string expected = ToolRunner.RunSysdig("-r", capture, "-c", chisel);
            var (rc, actual) = ToolRunner.RunSharpdig("-r", capture, "-c", chisel);
            Assert.Equal(0, rc);
            Assert.StartsWith("events: ", expected);
            Assert.Equal(expected, actual);
        }
        finally { Directory.Delete(dir, true); }
    }
}
