using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Chisels;
using Sharpdig.Chisels.Engine;
using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.Filtering;
using Sharpdig.Formatting;
using Sharpdig.Formatting.Templates;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>
/// A run with one or more -c chisels: the chisels see the events and print everything, the
/// default event line is off. The order follows sysdig: chisels are loaded while the command
/// line is parsed, on_init runs before the capture is opened (so an unreadable capture still
/// gets on_capture_end), and a reader error calls on_capture_end once before and once after
/// the error message.
/// </summary>
public static class ChiselRun
{
    /// <summary>Creates the session the command-line parser loads chisels into.</summary>
    public static ChiselSession NewSession(Stream stdout) =>
        new(ChiselDirectories.FromEnvironment(), new ChiselOutput(stdout));

    /// <summary>For the parser's "is the rest of the command line a filter?" question.</summary>
    public static bool IsValidFilter(string text)
    {
        try { CompileFilter(text); return true; }
        catch (Exception) { return false; }
    }

    public static IEventFilter CompileFilter(string text) => new FilterAdapter(CompiledFilter.Compile(text));

    private sealed class FilterAdapter(CompiledFilter filter) : IEventFilter
    {
        public bool Matches(EventContext ctx) => filter.Matches(ctx);
    }

    public static int Execute(CommandLineOptions o, ChiselSession session, Stream stdout)
    {
        // With -d the filter only decides what is shown, and chisels show everything themselves.
        string captureFilter = o.FilterIsDisplayOnly ? "" : o.Filter ?? "";
        var render = new RenderOptions { BufferStyle = StyleOf(o.BufferFormat), MaxBufferChars = 0 };
        var hooks = FieldHooks.Install(new ParamRenderer(render));
        EventLoop? loop = null;
        IEventFilter? filter = null;
        var engine = new StateChiselEngine(captureFilter)
        {
            FieldCompiler = name => ExtractorField.Compile(name, () => loop?.Engine.Current, hooks),
            FilterCompiler = text => new EventFilterAdapter(CompiledFilter.Compile(text), () => loop?.Engine.Current),
            FormatterCompiler = format => new TemplateFormatter(format, hooks, () => loop?.Engine),
            FdFilterCompiler = text => FdFilter.Compile(text, () => loop?.Engine),
            // sysdig.set_filter: before the capture starts it becomes the loop's filter; after, it replaces it.
            CaptureFilterChanged = text =>
            {
                filter = CompileFilter(text);
                if (loop is not null) loop.Filter = filter;
            },
            BufferFormatChanged = name => SetBufferStyle(render, o.BufferFormat, name),
            InputFileName = o.ReadFile ?? "",
            IsLive = o.ReadFile is null,
            PrintContainerData = o.OutputFormatPreset is not null,
            JsonOutput = o.Json,
        };
        session.Output.AutoFlush = o.Unbuffered;
        if (captureFilter.Length > 0)
        {
            // Words after the chisel's own arguments are the capture filter, checked before anything runs.
            try { filter = CompileFilter(captureFilter); }
            catch (FilterSyntaxException e) { Console.Error.WriteLine(e.Message); return 1; }
        }

        try
        {
            session.Start(engine);
            ICaptureSource reader;
            if (o.ReadFile is null)
            {
                reader = LiveCapture.Open?.Invoke(o)
                    ?? throw new ChiselException("no capture file given: live capture is not available in this build (use -r FILE)");
            }
            else
            {
                try { reader = new ReadAheadReader(new ScapFileReader(o.ReadFile)); }
                catch (CaptureFormatException e)
                {
                    throw new ChiselException(e.DuringOpen && e.Message.StartsWith("can't open", StringComparison.Ordinal)
                        ? $"can't open file {o.ReadFile}" : $"{o.ReadFile}: {e.Message}");
                }
            }
            using (reader)
            {
                loop = new EventLoop { Source = reader, OutputStream = stdout, MaxEvents = o.MaxEvents ?? 0, Filter = filter };
                if (o.ResolvePorts) loop.Engine.State.PortNames = ServiceTable.System;
                engine.Attach(loop.Engine);
                loop.Listeners.Add(new ChiselListener(session, engine, loop));
                using var liveSession = reader is Capture.Live.LiveCaptureSource live ? LiveSession.Attach(loop, live, o, stdout) : null;
                if (liveSession is null) Console.CancelKeyPress += (_, e) => { e.Cancel = true; loop.StopRequested = true; };
                try
                {
                    loop.Run();
                }
                catch (CaptureFormatException e)
                {
                    EndQuietly(session);
                    Console.Error.WriteLine(e.Message);
                    EndQuietly(session);
                    return 1;
                }
            }
        }
        catch (ChiselException e)
        {
            session.Output.Flush();
            Console.Error.WriteLine(e.Message);
            EndQuietly(session);
            return 1;
        }
        finally
        {
            session.Output.Flush();
        }
        // A chisel asked for a second run (sysdig.run_app), e.g. to write the events around matches.
        if (session.NextRunArgs is { } next) return Program.Run(SplitRunArgs(next).ToArray(), stdout);
        return 0;
    }

    /// <summary>sysdig.run_app's command line: words split at spaces outside double quotes, quotes removed.</summary>
    internal static List<string> SplitRunArgs(string line)
    {
        var words = new List<string>();
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ' ' && !quoted)
            {
                words.Add(line[start..i].Replace("\"", ""));
                start = i + 1;
            }
        }
        words.Add(line[start..].Replace("\"", ""));
        return words;
    }

    private static BufferStyle StyleOf(BufferFormat f) => f switch
    {
        BufferFormat.Ascii => BufferStyle.Ascii, BufferFormat.Base64 => BufferStyle.Base64,
        BufferFormat.Hex => BufferStyle.Hex, BufferFormat.HexAscii => BufferStyle.HexAscii,
        _ => BufferStyle.Normal,
    };

    /// <summary>sysdig.set_output_format: ignored when the command line chose a buffer format (-A, -X ...).</summary>
    private static bool SetBufferStyle(RenderOptions render, BufferFormat fromCommandLine, string name)
    {
        BufferStyle? style = name switch
        {
            "normal" or "json" or "simple" => BufferStyle.Normal,
            "ascii" => BufferStyle.Ascii, "hex" => BufferStyle.Hex, "hexascii" => BufferStyle.HexAscii,
            "base64" or "jsonbase64" => BufferStyle.Base64,
            _ => null,
        };
        if (style is null) return false;
        if (fromCommandLine == BufferFormat.Normal) render.BufferStyle = style.Value;
        return true;
    }

    /// <summary>on_capture_end after an error: its own failures are not reported over the first one.</summary>
    private static void EndQuietly(ChiselSession session)
    {
        try { session.CaptureEnd(); }
        catch (ChiselException) { }
        session.Output.Flush();
    }

    /// <summary>The chisels as a listener of the main loop.</summary>
    private sealed class ChiselListener(ChiselSession session, StateChiselEngine engine, EventLoop loop) : ICaptureListener
    {
        public ulong IntervalNs => 0;   // chisels keep their own capture-time timers
        public void OnInterval(ulong ts) { }
        public void OnCaptureStart(StateEngine state) => session.CaptureStart();

        public bool OnEvent(EventContext ctx)
        {
            engine.LastEventTimestamp = ctx.Record.Timestamp;
            ctx.FirstEventTimestamp = engine.FirstEventTimestamp;   // evt.reltime and friends
            if (!session.OnEvent(ctx.Record)) loop.StopRequested = true;   // sysdig.end_capture()
            return false;   // chisels print; the event line is never shown
        }

        public void OnFilteredOut(EventContext ctx)
        {
            engine.LastEventTimestamp = ctx.Record.Timestamp;
            session.OnFilteredOut(ctx.Record);
        }

        public void OnCaptureEnd(ulong lastTs) => session.CaptureEnd();
    }

    /// <summary>chisel.set_event_formatter: a -p format printed for each event the chisel keeps.</summary>
    private sealed class TemplateFormatter : IChiselFormatter
    {
        private readonly TemplateOutput _output;
        private readonly Func<StateEngine?> _engine;
        private readonly ByteWriter _line = new(256);

        public TemplateFormatter(string format, FieldHooks hooks, Func<StateEngine?> engine)
        {
            OutputTemplate template;
            try { template = OutputTemplate.Parse(format); }
            catch (FormatException e) { throw new ChiselException(e.Message); }
            _output = new TemplateOutput(template, hooks);
            _engine = engine;
        }

        public bool TryFormat(EventRecord evt, ChiselOutput output)
        {
            if (_engine() is not { } engine) return false;
            var ctx = engine.Current;
            ctx.FirstEventTimestamp = engine.FirstEventTs;
            _line.Clear();
            if (!_output.Write(ctx, _line)) return false;
            var text = _line.WrittenSpan;
            output.Write(text.Length > 0 && text[^1] == '\n' ? text[..^1] : text);
            return true;
        }
    }

    private sealed class EventFilterAdapter(CompiledFilter filter, Func<EventContext?> current) : IChiselFilter
    {
        private EventContext? _ctx;   // the engine keeps one context for the whole run
        public bool Matches(EventRecord evt) => (_ctx ??= current()) is { } ctx && filter.Matches(ctx);
        public bool[]? PossibleTypes => filter.PossibleTypes;
        public bool[]? CertainTypes => filter.CertainTypes;
    }
}
