using System.Diagnostics;
using System.Text;
using Sharpdig.Capture.Live;
using Sharpdig.Cli;
using Sharpdig.Formatting;
using Sharpdig.State;
using Xunit;

namespace Sharpdig.Tests.Live;

/// <summary>One captured event of a workload: its thread and the rendered default line.</summary>
public sealed record LiveLine(long Pid, long Tid, string ProcessName, string ParentName, string GrandparentName, string Text)
{
    /// <summary>The line from the direction mark on ("&lt; openat fd=3(...) ..."), without number, time and cpu.</summary>
    public string Event => Text[(Text.IndexOf(") ", StringComparison.Ordinal) + 2)..];
}

/// <summary>
/// Runs a workload under a real live capture (in-process: LiveCaptureSource + the normal event
/// loop and default formatter) and keeps the events of the test's descendant processes.
/// </summary>
public static class LiveHarness
{
    /// <summary>Skips (locally) or fails (CI) when this machine cannot do eBPF capture.</summary>
    public static void RequireLive()
    {
        string? why = null;
        if (Environment.UserName != "root" && !HasBpfCaps()) why = "live capture tests need root";
        else if (!File.Exists("/sys/kernel/btf/vmlinux")) why = "live capture tests need a kernel with BTF";
        if (why is null) return;
        if (TestPaths.IsCi) Assert.Fail(why + " (CI runs as root on an eBPF-capable machine)");
        Skip.If(true, why);
    }

    private static bool HasBpfCaps()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return (Convert.ToUInt64(line[7..].Trim(), 16) & (1UL << 39)) != 0;
        return false;
    }

    /// <summary>Captures while <paramref name="workload"/> runs; returns the lines of processes descended from this one.</summary>
    /// <remarks><paramref name="syscallFilter"/> is the kernel-side selection a filter would make (KernelSyscallSelection);
    /// <paramref name="pageFaults"/> is --page-faults.</remarks>
    public static List<LiveLine> Capture(Action workload, uint snaplen = 80, Func<string, bool>? syscallFilter = null,
        bool pageFaults = false)
    {
        RequireLive();
        using var live = LiveCaptureSource.Start(new LiveCaptureOptions
        {
            Snaplen = snaplen, SyscallFilter = syscallFilter, PageFaults = pageFaults,
        });
        var collector = new Collector(Environment.ProcessId);
        var loop = new EventLoop { Source = live, Output = collector };
        Exception? loopError = null;
        var thread = new Thread(() =>
        {
            try { loop.Run(); } catch (Exception e) { loopError = e; }
        }) { IsBackground = true };
        collector.Init(loop.Engine);
        thread.Start();
        workload();
        Thread.Sleep(200);   // let the last records reach the ring
        live.Stop();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the live event loop did not stop");
        if (loopError is not null) throw new Xunit.Sdk.XunitException("live loop failed: " + loopError);
        Assert.Equal(0UL, live.KernelDrops);
        if (Environment.GetEnvironmentVariable("SHARPDIG_LIVE_TEST_DUMP") is { Length: > 0 } dump)
            File.AppendAllLines(dump, collector.Lines.Select(l => $"{l.Pid} {l.ProcessName}<{l.ParentName}<{l.GrandparentName} {l.Text}"));
        return collector.Lines;
    }

    /// <summary>Captures while a python script runs; returns the lines and what the script printed.</summary>
    public static (List<LiveLine> Lines, string Output) CapturePython(string scriptPath, Func<string, bool>? syscallFilter = null)
    {
        string output = "";
        var lines = Capture(() =>
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", scriptPath) { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
        }, syscallFilter: syscallFilter);
        return (lines, output);
    }

    /// <summary>Runs a program to completion and returns its pid.</summary>
    public static int Run(string file, params string[] args) => RunIn(null, file, args);

    /// <summary>Runs a program to completion in a working directory and returns its pid.</summary>
    public static int RunIn(string? workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(20000), $"{file} did not finish");
        return p.Id;
    }

    private sealed class Collector(int self) : IEventOutput
    {
        private readonly Dictionary<long, bool> _ourThreads = [];

        // Our own threads are not in the state (the capture leaves sharpdig out), so ask /proc.
        private bool IsOurThread(long tid)
        {
            if (!_ourThreads.TryGetValue(tid, out bool ours))
                _ourThreads[tid] = ours = tid == self || Directory.Exists($"/proc/{self}/task/{tid}");
            return ours;
        }

        private readonly ByteWriter _w = new(4096);
        private DefaultLineFormatter _fmt = null!;
        private StateEngine _engine = null!;
        public List<LiveLine> Lines { get; } = [];

        public void Init(StateEngine engine)
        {
            _engine = engine;
            _fmt = new DefaultLineFormatter(new ParamRenderer(new RenderOptions()), TimeStyle.Human, () => engine.FirstEventTs);
        }

        public void Write(EventContext ctx, ByteWriter output)
        {
            var t = ctx.Thread;
            if (t is null) return;
            // Keep descendants of the test process only (the rest of the machine is noise here).
            var p = t;
            bool ours = false;
            for (int depth = 0; depth < 8 && p is not null && p.Ptid > 0; depth++)
            {
                if (IsOurThread(p.Ptid)) { ours = true; break; }
                p = ctx.State.Threads.Get(p.Ptid);
            }
            if (!ours) return;
            _w.Clear();
            _fmt.Write(ctx, _w);
            var parent = t.Ptid > 0 ? ctx.State.Threads.Get(t.Ptid) : null;
            var grand = parent is not null && parent.Ptid > 0 ? ctx.State.Threads.Get(parent.Ptid) : null;
            Lines.Add(new LiveLine(t.Pid, t.Tid, t.Comm.ToString(), parent?.Comm.ToString() ?? "",
                grand?.Comm.ToString() ?? "", Encoding.UTF8.GetString(_w.WrittenSpan).TrimEnd('\n')));
        }
    }
}
