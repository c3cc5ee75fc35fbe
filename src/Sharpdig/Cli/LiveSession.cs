using System.Runtime.InteropServices;
using Sharpdig.Capture.Live;

namespace Sharpdig.Cli;

/// <summary>
/// The CLI side of a live capture (no -r): starts the kernel source with a clear one-line error when
/// that is impossible, stops it cleanly on SIGINT/SIGTERM or after -M seconds (the events already in
/// the ring are still processed, so a -w file ends on a whole block), flushes output while the
/// machine is idle, and reports kernel drops.
/// </summary>
internal sealed class LiveSession : IDisposable
{
    private readonly LiveCaptureSource _live;
    private readonly List<PosixSignalRegistration> _signals = [];
    private Timer? _deadline;

    private LiveSession(LiveCaptureSource live) => _live = live;

    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register() => LiveCapture.Open ??= Open;

    /// <summary>Starts live capture, or throws a one-line <see cref="CommandLineException"/> saying why it cannot.</summary>
    public static LiveCaptureSource Open(CommandLineOptions o)
    {
        try
        {
            return LiveCaptureSource.Start(new LiveCaptureOptions
            {
                Snaplen = (uint)Math.Clamp(o.Snaplen ?? 80, 0, 65535),
                ExcludeUsers = o.ExcludeUsers,
                // -D also captures sharpdig's own syscalls, as sysdig -D does its own.
                IncludeSelf = o.Debug || Environment.GetEnvironmentVariable("SHARPDIG_TRACE_SELF") == "1",
                PageFaults = o.PageFaults,
                // A filter that names event types lets the kernel skip the other syscalls.
                SyscallFilter = o.FilterIsDisplayOnly ? null : KernelSyscallSelection.FromFilter(o.Filter),
            });
        }
        catch (LiveCaptureException e)
        {
            if (o.Verbose && !string.IsNullOrEmpty(e.Detail)) Console.Error.WriteLine(e.Detail);
            throw new CommandLineException(e.Message);
        }
    }

    /// <summary>Wires signals, -M and idle flushing into <paramref name="loop"/>.</summary>
    public static LiveSession Attach(EventLoop loop, LiveCaptureSource live, CommandLineOptions o, Stream stdout)
    {
        var s = new LiveSession(live);
        foreach (var sig in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            s._signals.Add(PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; live.Stop(); }));
        if (o.MaxSeconds is > 0)
            s._deadline = new Timer(_ => live.Stop(), null, TimeSpan.FromSeconds(o.MaxSeconds.Value), Timeout.InfiniteTimeSpan);
        live.Idle = () =>
        {
            if (loop.Buffer.Length > 0) loop.Buffer.FlushTo(stdout);
        };
        return s;
    }

    /// <summary>Kernel counters at exit: always when events were lost, in full with -v.</summary>
    public void Report(bool verbose)
    {
        ulong written = _live.KernelEvents, dropped = _live.KernelDrops;
        if (verbose)
            Console.Error.WriteLine($"Driver Events:{written + dropped}\nDriver Drops:{dropped}\nSuppressed by Comm:0");
        else if (dropped > 0)
            Console.Error.WriteLine($"sharpdig: the kernel dropped {dropped} of {written + dropped} events (ring buffer full)");
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        foreach (var r in _signals) r.Dispose();
    }
}
