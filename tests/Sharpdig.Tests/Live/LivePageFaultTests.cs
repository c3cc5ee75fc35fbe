using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Sharpdig.Capture.Live;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Real eBPF captures of page faults (--page-faults): a process writing to fresh anonymous memory
/// takes user-mode write faults on missing pages there; without the option there are none.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed partial class LivePageFaultTests
{
    [GeneratedRegex(@"^> page_fault addr=([0-9A-F]+) ip=([0-9A-F]+) error=(\d+)\(([A-Z_|]+)\) $")]
    private static partial Regex PageFaultLine();

    /// <summary>Maps 8 MiB, writes one byte per page, prints its pid, the mapping's address and size.</summary>
    internal static string TouchMemoryScript(string dir)
    {
        string py = Path.Combine(dir, $"sharpdig-pf-{Guid.NewGuid():N}.py");
        File.WriteAllText(py, """
            import ctypes, mmap, os
            size = 8 << 20
            m = mmap.mmap(-1, size)
            base = ctypes.addressof(ctypes.c_char.from_buffer(m))
            for i in range(0, size, 4096):
                m[i] = 1
            print(os.getpid(), base, size, flush=True)
            """);
        return py;
    }

    private static (List<string> Faults, long Pid, ulong Base, ulong Size) Run(bool pageFaults, Func<string, bool>? filter)
    {
        string py = TouchMemoryScript(Path.GetTempPath());
        try
        {
            var (lines, output) = pageFaults
                ? CapturePythonWithPageFaults(py, filter)
                : LiveHarness.CapturePython(py, filter);
            var parts = output.Trim().Split(' ');
            long pid = long.Parse(parts[0], CultureInfo.InvariantCulture);
            var faults = lines.Where(l => l.Pid == pid && l.Event.StartsWith("> page_fault ", StringComparison.Ordinal))
                .Select(l => l.Event).ToList();
            return (faults, pid, ulong.Parse(parts[1], CultureInfo.InvariantCulture), ulong.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        finally { File.Delete(py); }
    }

    private static (List<LiveLine>, string) CapturePythonWithPageFaults(string script, Func<string, bool>? filter)
    {
        string output = "";
        var lines = LiveHarness.Capture(() =>
        {
            var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", script) { RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
        }, syscallFilter: filter, pageFaults: true);
        return (lines, output);
    }

    [SkippableFact]
    public void WritesToFreshMemoryAreUserWriteFaultsOnMissingPages()
    {
        // The filter keeps the kernel side small (page faults plus the process-state syscalls).
        var (faults, pid, start, size) = Run(pageFaults: true, KernelSyscallSelection.FromFilter("evt.type=page_fault"));
        Assert.True(faults.Count > 0, $"no page_fault events of {pid}");
        var parsed = faults.Select(e => (Event: e, Match: PageFaultLine().Match(e))).ToList();
        Assert.All(parsed, p => Assert.True(p.Match.Success, "malformed: " + p.Event));
        // The faults inside the mapping: a user-mode write to a page not present yet (one per page,
        // or one per 2 MiB with transparent huge pages).
        var inside = parsed.Where(p =>
        {
            ulong addr = ulong.Parse(p.Match.Groups[1].Value, NumberStyles.HexNumber);
            return addr >= start && addr < start + size;
        }).ToList();
        Assert.True(inside.Count >= 4, $"{inside.Count} faults in {start:X}+{size:X}:\n  " + string.Join("\n  ", faults.Take(40)));
        Assert.All(inside, p =>
        {
            Assert.Equal("22", p.Match.Groups[3].Value);
            Assert.Equal(["PAGE_NOT_PRESENT", "USER_FAULT", "WRITE_ACCESS"], p.Match.Groups[4].Value.Split('|').Order());
        });
        // The instruction pointer of a user fault is a user address (python's code), not zero.
        Assert.All(inside, p => Assert.NotEqual("0", p.Match.Groups[2].Value));
    }

    [SkippableFact]
    public void NoPageFaultsWithoutTheOptionOrWhenTheFilterRulesThemOut()
    {
        var (faults, pid, _, _) = Run(pageFaults: false, null);
        Assert.True(faults.Count == 0, $"{faults.Count} page faults of {pid} without --page-faults");
        (faults, pid, _, _) = Run(pageFaults: true, KernelSyscallSelection.FromFilter("evt.type=openat"));
        Assert.True(faults.Count == 0, $"{faults.Count} page faults of {pid} with a filter on openat");
    }

    [SkippableFact]
    public void FileWrittenWithPageFaultsReadsTheSameInSysdig()
    {
        LiveHarness.RequireLive();
        if (!File.Exists(ToolRunner.SysdigPath))
        {
            if (TestPaths.IsCi) Assert.Fail("the real sysdig is needed (scripts/setup.sh installs it)");
            Skip.If(true, "the real sysdig is not installed");
        }
        string dir = Directory.CreateTempSubdirectory("sharpdig-pf-").FullName;
        string file = Path.Combine(dir, "pf.scap");
        try
        {
            var psi = new ProcessStartInfo(Path.Combine(TestPaths.RepoRoot, "sharpdig")) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "--page-faults", "-w", file }) psi.ArgumentList.Add(a);
            using var capture = Process.Start(psi)!;
            var err = capture.StandardError.ReadToEndAsync();
            var sw = Stopwatch.StartNew();
            while (!File.Exists(file) && !capture.HasExited && sw.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(20);
            Assert.True(File.Exists(file), "sharpdig -w did not start: " + (capture.HasExited ? err.Result : "timeout"));
            var script = TouchMemoryScript(dir);
            var run = new ProcessStartInfo("/usr/bin/python3", script) { RedirectStandardOutput = true };
            string output;
            using (var p = Process.Start(run)!) { output = p.StandardOutput.ReadToEnd(); p.WaitForExit(); }
            string pid = output.Split(' ')[0];
            Thread.Sleep(300);
            Assert.Equal(0, Kill(capture.Id, 15));
            Assert.True(capture.WaitForExit(60000), "sharpdig did not stop on SIGTERM");
            Assert.True(capture.ExitCode == 0, "sharpdig -w failed: " + err.Result);

            string filter = $"evt.type=page_fault and proc.pid={pid}";
            var theirs = ToolRunner.RunSysdig("-r", file, filter).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var (rc, sharp) = ToolRunner.RunSharpdig("-r", file, filter);
            Assert.Equal(0, rc);
            var ours = sharp.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(theirs.Length > 100, $"sysdig shows {theirs.Length} page faults of {pid}");
            Assert.Contains(theirs, l => l.EndsWith(" error=22(PAGE_NOT_PRESENT|WRITE_ACCESS|USER_FAULT) ", StringComparison.Ordinal));
            for (int i = 0; i < Math.Min(theirs.Length, ours.Length); i++)
                Assert.True(theirs[i] == ours[i], $"line {i} differs:\n sysdig:   {theirs[i]}\n sharpdig: {ours[i]}");
            Assert.Equal(theirs.Length, ours.Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
