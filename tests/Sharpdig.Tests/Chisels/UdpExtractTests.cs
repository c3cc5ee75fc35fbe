using System.Diagnostics;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>udp_extract writes files into ./udp_dump_files, so both tools run as processes in their own folders.</summary>
public class UdpExtractTests
{
    [SkippableFact]
    public void WritesTheSameFilesAsSysdig()
    {
        Skip.IfNot(File.Exists(ToolRunner.SysdigPath), "the real sysdig is not installed");
        string binary = Path.Combine(TestPaths.RepoRoot, ".build", "bin", "sharpdig");
        Skip.IfNot(File.Exists(binary), "the native sharpdig is not built (scripts/build.sh)");
        string capture = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        string ours = Directory.CreateTempSubdirectory("udp-ours-").FullName;
        string theirs = Directory.CreateTempSubdirectory("udp-sysdig-").FullName;
        try
        {
            Run(ToolRunner.SysdigPath, theirs, capture);
            Run(binary, ours, capture);
            var expected = Snapshot(theirs);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Snapshot(ours));
        }
        finally
        {
            Directory.Delete(ours, true);
            Directory.Delete(theirs, true);
        }
    }

    private static void Run(string tool, string dir, string capture)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-r", capture, "-c", "udp_extract" }) psi.ArgumentList.Add(a);
        psi.Environment["SHARPDIG_HOME"] = TestPaths.RepoRoot;
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
    }

    private static SortedDictionary<string, string> Snapshot(string dir)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string dumps = Path.Combine(dir, "udp_dump_files");
        if (!Directory.Exists(dumps)) return files;
        foreach (var f in Directory.GetFiles(dumps))
            files[Path.GetFileName(f)] = Convert.ToHexString(File.ReadAllBytes(f));
        return files;
    }
}
