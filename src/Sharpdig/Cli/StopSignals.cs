using System.Runtime.InteropServices;
using Sharpdig.Dump;

namespace Sharpdig.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM end the capture cleanly: the loop stops at the next event and the
/// -w file is closed whole. When no event comes (a blocked pipe, an idle source), the file is
/// closed from here after a second and the process exits 0. A second signal kills at once.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private readonly EventLoop _loop;
    private readonly CaptureDumpSink? _dump;
    private readonly PosixSignalRegistration _int, _term;
    private readonly ManualResetEventSlim _finished = new();
    private int _signals;

    private StopSignals(EventLoop loop, CaptureDumpSink? dump)
    {
        _loop = loop;
        _dump = dump;
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public static StopSignals Install(EventLoop loop, CaptureDumpSink? dump) => new(loop, dump);

    /// <summary>The loop ended and the file is closed: nothing left to rescue.</summary>
    public void Finished() => _finished.Set();

    private void OnSignal(PosixSignalContext ctx)
    {
        if (Interlocked.Increment(ref _signals) > 1) return;   // second signal: default action
        ctx.Cancel = true;
        _loop.StopRequested = true;
        ThreadPool.QueueUserWorkItem(_ =>
        {
            if (_finished.Wait(Grace)) return;
            try { _dump?.Finish(); }
            catch (IOException e) { Console.Error.WriteLine(e.Message); Environment.Exit(1); }
            Environment.Exit(0);
        });
    }

    public void Dispose()
    {
        _int.Dispose();
        _term.Dispose();
        _finished.Set();
    }
}
