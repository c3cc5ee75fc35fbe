using System.Text;
using Sharpdig.Events;

namespace Sharpdig.Capture.Live;

/// <summary>
/// `sharpdig --debug-live-dump [N]`: captures N live events and prints each decoded record's header
/// and raw parameters. A debugging aid for the kernel program and the decoder, independent of the
/// state engine and formatters.
/// </summary>
internal static class LiveDebugDump
{
    /// <summary>Prints kernel records as they come out of the ring (header and blob list).</summary>
    private static int RunRaw(long max)
    {
        using var probe = KernelProbe.Start(80, 16u << 20, null, false);
        long count = 0;
        while (count < max)
        {
            if (!probe.Ring.TryNext(out var raw)) { Thread.Sleep(1); continue; }
            var r = new KernelRecord(raw);
            count++;
            var sb = new StringBuilder();
            sb.Append($"len={raw.Length} hdrlen={r.Length} kind={r.Kind} nr={r.SyscallNr} tid={r.Tid} ret={r.Ret} blobs={r.BlobCount}:");
            for (int i = 0; i < 6; i++)
                if (r.TryGetBlob(i, out var b)) sb.Append($" [{i}]={b.Length}");
            Console.Out.WriteLine(sb.ToString());
        }
        return 0;
    }

    /// <summary>
    /// `sharpdig --debug-attach-only`: attaches the kernel programs with every syscall switched off
    /// and waits for SIGINT/SIGTERM. The traced programs then pay only for the tracepoints and a
    /// program that returns at once: the floor that bench/live/run.sh compares the full capture with.
    /// </summary>
    public static int AttachOnly()
    {
        try
        {
            using var probe = KernelProbe.Start(80, 1u << 20, _ => false, false);
            using var stop = new ManualResetEventSlim();
            using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            Console.Error.WriteLine("attached, capturing nothing; Ctrl-C to stop");
            stop.Wait();
            return 0;
        }
        catch (LiveCaptureException e)
        {
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
    }

    public static int Run(string[] args)
    {
        long max = args.Length > 1 && long.TryParse(args[1], out var n) ? n : 100;
        if (args.Length > 2 && args[2] == "raw") return RunRaw(max);
        try
        {
            using var src = LiveCaptureSource.Start(new LiveCaptureOptions());
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; src.Stop(); };
            Console.Error.WriteLine($"live: {src.Metadata.Processes.Count} threads, {src.Metadata.FdLists.Sum(f => f.Fds.Count)} fds in /proc");
            var rec = new EventRecord();
            var sb = new StringBuilder();
            long count = 0;
            while (count < max && src.TryReadNext(rec))
            {
                count++;
                sb.Clear();
                sb.Append(rec.Timestamp).Append(' ').Append(rec.Cpu).Append(' ').Append(rec.ThreadId).Append(' ')
                  .Append(rec.Info.IsEnter ? '>' : '<').Append(' ').Append(rec.Info.Name);
                for (int i = 0; i < rec.ParamCount; i++)
                {
                    var p = rec.GetParam(i);
                    sb.Append(' ').Append(rec.Info.Parameters[i].Name).Append('=');
                    foreach (var c in p[..Math.Min(p.Length, 40)])
                        sb.Append(c is >= 0x20 and < 0x7f ? (char)c : '.');
                    sb.Append('[').Append(p.Length).Append(']');
                }
                Console.Out.WriteLine(sb.ToString());
            }
            Console.Error.WriteLine($"live: kernel events {src.KernelEvents}, drops {src.KernelDrops}");
            return 0;
        }
        catch (LiveCaptureException e)
        {
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
    }
}
