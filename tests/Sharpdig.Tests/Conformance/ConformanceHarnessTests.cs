using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Sharpdig.Tests.Conformance;

/// <summary>
/// Runs the shared conformance harness (the real sysdig's output on real captures) against
/// ./sharpdig. The case patterns we claim to pass are listed in conformance-expected.txt beside
/// this file; every case they select must pass. The full harness is also run and its closing
/// line reported, so regressions and progress outside the list are visible in the test log.
/// </summary>
public class ConformanceHarnessTests(ITestOutputHelper output)
{
    private static string ExpectedListPath =>
        Path.Combine(TestPaths.RepoRoot, "tests", "Sharpdig.Tests", "Conformance", "conformance-expected.txt");

    [SkippableFact]
    public void ClaimedCasesPass()
    {
        string run = TestPaths.RequireShared(Path.Combine("conformance", "run"));
        var patterns = File.ReadAllLines(ExpectedListPath)
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var (code, stdout) = RunHarness(run, patterns, extraEnv: null);
        output.WriteLine(stdout);
        var failures = stdout.Split('\n').Where(l => l.StartsWith("FAIL ")).ToList();
        Assert.True(code == 0 && failures.Count == 0,
            $"conformance cases failed (exit {code}):\n{string.Join('\n', failures)}");
    }

    /// <summary>
    /// sysdig's own chisel files, unmodified, on our engine: every case that runs a chisel, and the
    /// listing/description cases that print the files' own texts.
    /// </summary>
    [SkippableFact]
    public void UpstreamChiselFilesRunUnmodified()
    {
        string run = TestPaths.RequireShared(Path.Combine("conformance", "run"));
        const string upstream = "/usr/share/sysdig/chisels";
        if (!Directory.Exists(upstream))
        {
            if (TestPaths.IsCi) Assert.Fail($"{upstream} is missing (scripts/setup.sh installs sysdig)");
            Skip.If(true, $"{upstream} is missing");
        }
        var env = new Dictionary<string, string> { ["SHARPDIG_CHISEL_PATH"] = upstream };
        var chiselCases = File.ReadAllLines(Path.Combine(TestPaths.Conformance, "cases.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(" -c "))
            .Select(l => l.Split(' ')[0]).ToList();
        Assert.NotEmpty(chiselCases);
        var (code1, out1) = RunHarness(run, chiselCases, env);
        var (code2, out2) = RunHarness(run, [], env, Path.Combine(TestPaths.Conformance, "cases-upstream-chisels.txt"));
        output.WriteLine(out1);
        output.WriteLine(out2);
        var failures = (out1 + out2).Split('\n').Where(l => l.StartsWith("FAIL ")).ToList();
        Assert.True(code1 == 0 && code2 == 0 && failures.Count == 0,
            $"upstream chisel cases failed:\n{string.Join('\n', failures)}");
    }

    /// <summary>Builds ./sharpdig up front, so no case pays for (and times out on) the build.</summary>
    private static void EnsureBuilt()
    {
        var psi = new ProcessStartInfo(Path.Combine(TestPaths.RepoRoot, "sharpdig"), "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)) || p.ExitCode != 0)
            Assert.Fail("./sharpdig could not be built: " + err);
    }

    internal static (int Code, string Stdout) RunHarness(string run, IReadOnlyList<string> onlyPatterns,
        IDictionary<string, string>? extraEnv, string? casesFile = null)
    {
        EnsureBuilt();
        var psi = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        psi.ArgumentList.Add(run);
        psi.ArgumentList.Add("--tool");
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "sharpdig"));
        psi.ArgumentList.Add("--jobs");
        psi.ArgumentList.Add("2");
        if (casesFile is not null) { psi.ArgumentList.Add("--cases"); psi.ArgumentList.Add(casesFile); }
        if (onlyPatterns.Count > 0)
        {
            psi.ArgumentList.Add("--only");
            foreach (var pattern in onlyPatterns) psi.ArgumentList.Add(pattern);
        }
        if (extraEnv is not null) foreach (var (k, v) in extraEnv) psi.Environment[k] = v;
        // Keep a user's ~/.chisels or ./chisels out of the listing cases.
        psi.Environment["HOME"] = Path.Combine(Path.GetTempPath(), "sharpdig-conformance-home");
        Directory.CreateDirectory(psi.Environment["HOME"]!);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15))) { p.Kill(true); throw new TimeoutException("conformance harness hung"); }
        return (p.ExitCode, stdout + errTask.Result);
    }
}
