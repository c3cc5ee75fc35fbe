using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Formatting;

namespace Sharpdig.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--debug-live-dump") return Capture.Live.LiveDebugDump.Run(args);
        if (args.Length > 0 && args[0] == "--debug-attach-only") return Capture.Live.LiveDebugDump.AttachOnly();
        var stdout = Console.OpenStandardOutput();
        try
        {
            return Run(args, stdout);
        }
        catch (Exception e) when (e is CommandLineException or Sharpdig.Chisels.ChiselException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            return 0;
        }
        finally
        {
            try { stdout.Flush(); } catch (IOException) { }
        }
    }

    private static bool IsBrokenPipe(IOException e) => e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs one command line writing events to <paramref name="stdout"/> (tests call this in-process).</summary>
    internal static int Run(string[] args, Stream stdout)
    {
        // -c NAME loads the chisel while parsing: its args decide how many words follow it.
        using var chisels = ChiselRun.NewSession(stdout);
        var o = CommandLineParser.Parse(args, chisels.ArgumentCounter(ChiselRun.IsValidFilter));
        if (o.ShowHelp) { HelpText.Write(stdout); return 0; }
        if (o.ShowVersion) { Write(stdout, $"sharpdig version {typeof(Program).Assembly.GetName().Version?.ToString(3)}\n"); return 0; }
        if (o.ListEvents) { EventList.Write(stdout); return 0; }
        if (o.ListFields) { Fields.FieldListing.Write(stdout, o.Verbose, o.ListFieldsMarkdown); return 0; }
        if (o.ListChisels) { Sharpdig.Chisels.ChiselCommands.List(stdout); return 0; }
        if (o.ChiselInfo is { } chiselName) { Sharpdig.Chisels.ChiselCommands.Describe(chiselName, stdout); return 0; }
        if (!chisels.IsEmpty) return ChiselRun.Execute(o, chisels, stdout);
        ICaptureSource reader;
        if (o.ReadFile is null)
        {
            // Live capture: the live layer registers LiveCapture.Open (it reports its own errors).
            if (o.Progress) { Console.Error.WriteLine("the -P flag cannot be used with live captures."); return 1; }
            reader = LiveCapture.Open?.Invoke(o)
                ?? throw new CommandLineException("no capture file given: live capture is not available in this build (use -r FILE)");
        }
        else
        {
            try
            {
                // Progress is read from the reader, so it is read on this thread when shown.
                var file = new ScapFileReader(o.ReadFile);
                reader = o.Progress || o.WriteFile is not null ? file : new ReadAheadReader(file);
            }
            catch (CaptureFormatException e)
            {
                Console.Error.WriteLine(e.DuringOpen && e.Message.StartsWith("can't open", StringComparison.Ordinal)
                    ? $"can't open file {o.ReadFile}"
                    : $"{o.ReadFile}: {e.Message}");
                return 1;
            }
        }
        using (reader)
        {
            var options = new RenderOptions
            {
                BufferStyle = o.BufferFormat switch
                {
                    BufferFormat.Ascii => BufferStyle.Ascii, BufferFormat.Base64 => BufferStyle.Base64,
                    BufferFormat.Hex => BufferStyle.Hex, BufferFormat.HexAscii => BufferStyle.HexAscii,
                    _ => BufferStyle.Normal,
                },
                MaxBufferChars = o.Verbose ? 0 : 80,
            };
            var loop = new EventLoop
            {
                Source = reader, OutputStream = stdout, ShowInternal = o.Debug, MaxEvents = o.MaxEvents ?? 0,
                FlushThreshold = o.Unbuffered || o.Json ? 0 : 1 << 15,
                MaxDurationNs = o.MaxSeconds is > 0 ? (ulong)o.MaxSeconds.Value * 1_000_000_000 : 0,
            };
            var renderer = new ParamRenderer(options);
            var style = o.TimeMode switch
            {
                TimeMode.Absolute => TimeStyle.Absolute, TimeMode.Relative => TimeStyle.Relative,
                TimeMode.EnterExitDelta => TimeStyle.Latency, TimeMode.PreviousDelta => TimeStyle.Delta,
                _ => TimeStyle.Human,
            };
            var engine = loop.Engine;
            if (o.ResolvePorts) engine.State.PortNames = ServiceTable.System;
            if (!o.Quiet && o.WriteFile is null)
                loop.Output = new DefaultLineOutput(new DefaultLineFormatter(renderer, style, () => engine.FirstEventTs));
            if (o.Summary) loop.Listeners.Add(new SummaryListener(loop.Buffer));
            // sysdig shows progress with -P, and always while writing a file it reads from a file.
            var progress = reader is ScapFileReader plainReader && (o.Progress || o.WriteFile is not null)
                ? new ProgressListener(plainReader, Console.Error) : null;
            if (progress is not null) loop.Listeners.Add(progress);
            FilterAndFormatWiring.Configure(loop, o, renderer);

            using var dump = DumpWiring.Configure(loop, o, reader.IsLive, stdout);
            using var liveSession = reader is Capture.Live.LiveCaptureSource ls ? LiveSession.Attach(loop, ls, o, stdout) : null;
            using var stop = liveSession is null ? StopSignals.Install(loop, dump) : null;
            var started = DateTime.UtcNow;
            string? error = null;
            try
            {
                loop.Run();
            }
            catch (Exception e) when (e is CaptureFormatException or Fields.FieldValueException or CaptureWriteException)
            {
                error = e.Message;
            }
            try { dump?.Finish(); }
            catch (CaptureWriteException e)
            {
                error ??= e.Message;
            }
            // The closing progress figure only for a capture that ended well; an error line stands alone.
            if (error is null) progress?.Finish();
            else { progress?.Clear(); Console.Error.WriteLine(error); }
            int rc = error is null ? 0 : 1;
            stop?.Finished();
            liveSession?.Report(o.Verbose);
            if (o.Verbose)
            {
                double secs = (DateTime.UtcNow - started).TotalSeconds;
                if (liveSession is null) Console.Error.WriteLine("Driver Events:0\nDriver Drops:0\nSuppressed by Comm:0");
                Console.Error.WriteLine($"Elapsed time: {secs:F3}, Captured Events: {loop.EventsRead}, {(secs > 0 ? loop.EventsRead / secs : 0):F2} eps");
            }
            return rc;
        }
    }

    private static void Write(Stream s, string text)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(text);
        s.Write(b, 0, b.Length);
    }
}
