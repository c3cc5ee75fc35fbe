using System.Diagnostics;
using System.Text.RegularExpressions;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// `sharpdig -w` of a live capture (the real binary, stopped with SIGTERM) is read by the real
/// sysdig 0.29.3, and for the workload's processes its output is identical to `sharpdig -r`.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveFileCompatibilityTests
{
    [SkippableFact]
    public void FileWrittenLiveReadsTheSameInSysdigAndSharpdig()
    {
        LiveHarness.RequireLive();
        if (!File.Exists(ToolRunner.SysdigPath))
        {
            if (TestPaths.IsCi) Assert.Fail("the real sysdig is needed (scripts/setup.sh installs it)");
            Skip.If(true, "the real sysdig is not installed");
        }
        string binary = Path.Combine(TestPaths.RepoRoot, "sharpdig");
        string dir = Directory.CreateTempSubdirectory("sharpdig-live-").FullName;
        string file = Path.Combine(dir, "live.scap"), known = Path.Combine(dir, "known.txt");
        File.WriteAllText(known, "compatible\n");
        try
        {
            var psi = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-w", file }) psi.ArgumentList.Add(a);
            using var capture = Process.Start(psi)!;
            var err = capture.StandardError.ReadToEndAsync();
            // The file is created once the kernel program is attached.
            var sw = Stopwatch.StartNew();
            while (!File.Exists(file) && !capture.HasExited && sw.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(20);
            Assert.True(File.Exists(file), "sharpdig -w did not start: " + (capture.HasExited ? err.Result : "timeout"));

            int missingPid = LiveHarness.Run("/bin/cat", Path.Combine(dir, "missing"));
            var pids = new HashSet<int>
            {
                LiveHarness.Run("/bin/cat", known),
                missingPid,
                LiveHarness.Run("/bin/sh", "-c", $"echo piped | cat > {Path.Combine(dir, "out.txt")}; true"),
                LiveHarness.Run("/usr/bin/python3", SignalAndQuotaScript(dir)),
            };
            Thread.Sleep(300);
            Assert.Equal(0, Kill(capture.Id, 15));
            Assert.True(capture.WaitForExit(60000), "sharpdig did not stop on SIGTERM");
            Assert.True(capture.ExitCode == 0, "sharpdig -w failed: " + err.Result);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));   // captures hold secrets

            string sysdig = ToolRunner.RunSysdig("-r", file);
            var (rc, sharp) = ToolRunner.RunSharpdig("-r", file);
            Assert.Equal(0, rc);
            var ours = WorkloadLines(sharp, pids);
            var theirs = WorkloadLines(sysdig, pids);
            Assert.True(theirs.Count > 20, $"sysdig shows too few workload events ({theirs.Count})");
            Assert.Contains(theirs, l => l.Contains($"< read res=11 data=compatible. "));
            Assert.Contains(theirs, l => l.Contains("> switch next="));
            Assert.Contains(theirs, l => l.Contains("> signaldeliver spid=0 dpid=") && l.EndsWith("sig=10(SIGUSR1) "));
            Assert.Contains(theirs, l => l.Contains("> quotactl cmd=32(Q_GETQUOTA) type=1(USRQUOTA) id=1234 quota_fmt=1(QFMT_NOT_USED) "));
            Assert.Contains(theirs, l => l.Contains("< quotactl res=-2(ENOENT) special=/nonexistent-dev quotafilepath= "));
            for (int i = 0; i < Math.Min(theirs.Count, ours.Count); i++)
                Assert.True(theirs[i] == ours[i], $"line {i} differs:\n sysdig:   {theirs[i]}\n sharpdig: {ours[i]}");
            Assert.Equal(theirs.Count, ours.Count);

            // The failed open through the filter fields: evt.res and evt.failed.
            string missing = Path.Combine(dir, "missing");
            var (frc, failed) = ToolRunner.RunSharpdig("-r", file, "-p", "%evt.res %evt.failed %evt.arg.name",
                $"evt.type=openat and evt.dir=< and proc.pid={missingPid} and evt.arg.name contains {dir}");
            Assert.Equal(0, frc);
            Assert.Equal($"ENOENT true {missing}\n", failed);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A python script that signals itself (with a handler) and calls quotactl on a missing device.</summary>
    private static string SignalAndQuotaScript(string dir)
    {
        string py = Path.Combine(dir, "signal-quota.py");
        File.WriteAllText(py, """
            import ctypes, os, signal
            signal.signal(signal.SIGUSR1, lambda *a: None)
            os.kill(os.getpid(), signal.SIGUSR1)
            libc = ctypes.CDLL(None, use_errno=True)
            buf = ctypes.create_string_buffer(72)
            libc.quotactl(ctypes.c_uint(0x80000700), b"/nonexistent-dev", 1234, buf)   # Q_GETQUOTA, USRQUOTA
            """);
        return py;
    }

    /// <summary>Lines of the given processes and their children (matched by the "(tid)" column).</summary>
    private static List<string> WorkloadLines(string output, HashSet<int> pids)
    {
        var tid = new Regex(@"^\d+ \S+ \d+ .*? \((\d+)\) [<>] ", RegexOptions.Compiled);
        var result = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var m = tid.Match(line);
            if (m.Success && pids.Contains(int.Parse(m.Groups[1].Value))) result.Add(line);
        }
        return result;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
