using System.Text.RegularExpressions;
using Sharpdig.Capture.Live;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Real eBPF captures of the tracepoint events: context switches (`switch`, attributed to the task
/// leaving the CPU) and signal deliveries (`signaldeliver`), rendered as sysdig renders them.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed partial class LiveTracepointTests
{
    [GeneratedRegex(@"^> switch next=(\d+)(\([^)]*\))? pgft_maj=(\d+) pgft_min=(\d+) vm_size=(\d+) vm_rss=(\d+) vm_swap=(\d+) $")]
    private static partial Regex SwitchLine();

    private static string Python(string script)
    {
        string py = Path.Combine(Path.GetTempPath(), $"sharpdig-live-{Guid.NewGuid():N}.py");
        File.WriteAllText(py, script);
        return py;
    }

    [SkippableFact]
    public void SleepingProcessSwitchesOutWithItsOwnMemorySizes()
    {
        // Reads its own /proc status, then sleeps: the switch away from it while it sleeps carries
        // the same VmSize (KB), and its fault counters.
        string py = Python("""
            import time
            status = open("/proc/self/status").read()
            time.sleep(0.2)
            print(status, flush=True)
            """);
        try
        {
            string output = "";
            int pid = 0;
            var lines = LiveHarness.Capture(() =>
            {
                var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", py) { RedirectStandardOutput = true };
                using var p = System.Diagnostics.Process.Start(psi)!;
                pid = p.Id;
                output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
            });
            long vmSize = long.Parse(Regex.Match(output, @"VmSize:\s+(\d+) kB").Groups[1].Value);
            var switches = lines.Where(l => l.Tid == pid && l.Event.StartsWith("> switch ", StringComparison.Ordinal)).ToList();
            Assert.True(switches.Count > 0, "no switch events of the sleeping process:\n  "
                + string.Join("\n  ", lines.Where(l => l.Tid == pid).Select(l => l.Event).Take(60)));
            var parsed = switches.Select(l => SwitchLine().Match(l.Event)).ToList();
            Assert.All(parsed.Zip(switches), m => Assert.True(m.First.Success, "malformed: " + m.Second.Event));
            // The thread that runs next is another one (or the idle task, 0).
            Assert.All(parsed, m => Assert.NotEqual(pid, int.Parse(m.Groups[1].Value)));
            // While it sleeps its memory is what it read (the first switches, mid-exec, see a new
            // thread's counters and a nearly empty mm), and it has taken page faults.
            var asleep = parsed.Where(m => long.Parse(m.Groups[5].Value) == vmSize).ToList();
            Assert.True(asleep.Count > 0, $"no switch with vm_size={vmSize}:\n  " + string.Join("\n  ", switches.Select(l => l.Event)));
            Assert.All(asleep, m => Assert.True(long.Parse(m.Groups[4].Value) > 100, "pgft_min " + m.Groups[4].Value));
            Assert.All(asleep, m => Assert.True(long.Parse(m.Groups[6].Value) > 1000, "vm_rss " + m.Groups[6].Value));   // KB: a python is MBs
        }
        finally { File.Delete(py); }
    }

    [SkippableFact]
    public void KillUsr1ToAChildWithAHandlerShowsSignaldeliver()
    {
        // The child handles SIGUSR1 and SIGTERM (an unhandled fatal signal reaches it as SIGKILL).
        // sysdig's driver names the sender of a SIGTERM a process sent, not of a SIGUSR1 (spid=0).
        string py = Python("""
            import os, signal, subprocess, sys, time
            signal.signal(signal.SIGCHLD, lambda *a: None)   # a SIGCHLD nobody handles is never delivered
            child = subprocess.Popen([sys.executable, "-c",
                "import signal, sys, time\n"
                "signal.signal(signal.SIGUSR1, lambda *a: print('usr1', flush=True))\n"
                "signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n"
                "print('ready', flush=True)\n"
                "time.sleep(5)\n"], stdout=subprocess.PIPE, text=True)
            child.stdout.readline()
            subprocess.run(["/bin/kill", "-USR1", str(child.pid)])
            child.stdout.readline()
            os.kill(child.pid, signal.SIGTERM)
            child.wait()
            print(os.getpid(), child.pid, flush=True)
            """);
        try
        {
            var (lines, output) = LiveHarness.CapturePython(py);
            var pids = output.Trim().Split(' ');
            string parent = pids[0], child = pids[1];
            var ev = lines.Where(l => l.Tid.ToString() == child).Select(l => l.Event).ToList();
            Assert.Contains($"> signaldeliver spid=0 dpid={child}(python3) sig=10(SIGUSR1) ", ev);
            Assert.Contains($"> signaldeliver spid={parent}(python3) dpid={child}(python3) sig=15(SIGTERM) ", ev);
            // The parent is told of the child's death; by then the child has left the thread table.
            var parentEv = lines.Where(l => l.Tid.ToString() == parent).Select(l => l.Event).ToList();
            Assert.Contains($"> signaldeliver spid={child} dpid={parent}(python3) sig=17(SIGCHLD) ", parentEv);
        }
        finally { File.Delete(py); }
    }

    [SkippableFact]
    public void FilterOnOtherEventTypesLeavesTracepointsOff()
    {
        string path = $"/tmp/sharpdig-no-such-file-{Guid.NewGuid():N}";
        var lines = LiveHarness.Capture(() => LiveHarness.Run("/bin/sh", "-c", $"sleep 0.1; cat {path}; kill -USR1 $$; true"),
            syscallFilter: KernelSyscallSelection.FromFilter("evt.type=openat"));
        var ev = lines.Select(l => l.Event).ToList();
        Assert.Contains(ev, e => e.StartsWith($"< openat fd=-2(ENOENT) dirfd=-100(AT_FDCWD) name={path} ", StringComparison.Ordinal));
        Assert.DoesNotContain(ev, e => e.StartsWith("> switch ", StringComparison.Ordinal));
        Assert.DoesNotContain(ev, e => e.StartsWith("> signaldeliver ", StringComparison.Ordinal));

        lines = LiveHarness.Capture(() => LiveHarness.Run("/bin/sh", "-c", "sleep 0.1; true"),
            syscallFilter: KernelSyscallSelection.FromFilter("evt.type in (switch, signaldeliver)"));
        Assert.Contains(lines, l => l.Event.StartsWith("> switch ", StringComparison.Ordinal));
    }
}
