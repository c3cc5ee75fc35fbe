using Sharpdig.Filtering;
using Sharpdig.Formatting;
using Sharpdig.Formatting.Json;
using Sharpdig.Formatting.Templates;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>
/// Plugs the filtering and formatting layers into the event loop: the filter (or -d display
/// filter) and the -p / -pc / -pk / -pm / -j outputs. Errors in the filter or format are reported
/// as <see cref="CommandLineException"/> (one line, exit 1) before any event is read.
/// </summary>
internal static class FilterAndFormatWiring
{
    public static void Configure(EventLoop loop, CommandLineOptions o, ParamRenderer renderer)
    {
        var hooks = FieldHooks.Install(renderer);
        if (o.Json) renderer.Options.MaxBufferChars = 0;   // JSON strings are never cut
        var engine = loop.Engine;

        if (o.Filter is not null)
        {
            CompiledFilter filter;
            try { filter = CompiledFilter.Compile(o.Filter); }
            catch (FilterSyntaxException e) { throw new CommandLineException(e.Message); }
            var adapter = new EngineFilter(filter, engine);
            if (o.FilterIsDisplayOnly) loop.DisplayFilter = adapter;
            else loop.Filter = adapter;
        }

        string? format = o.OutputFormatPreset is { } preset ? OutputTemplate.Preset(preset) : o.OutputFormat;
        if (!o.Json && format is null) return;
        if (loop.Output is null) return;   // -q or -w: nothing is printed
        OutputTemplate? template = null;
        if (format is not null)
        {
            try { template = OutputTemplate.Parse(format); }
            catch (FormatException e) { throw new CommandLineException(e.Message); }
        }
        loop.Output = o.Json
            ? new FieldOutput(engine, new JsonOutput(template, hooks).Write)
            : new FieldOutput(engine, new TemplateOutput(template!, hooks).Write);
    }

    /// <summary>The compiled filter as the engine's filter hook; keeps the context's clock current.</summary>
    private sealed class EngineFilter(CompiledFilter filter, StateEngine engine) : IEventFilter
    {
        public bool Matches(EventContext ctx)
        {
            ctx.FirstEventTimestamp = engine.FirstEventTs;
            return filter.Matches(ctx);
        }
    }

    /// <summary>A -p or -j writer as the loop's output; remembers the last shown event for evt.deltatime.</summary>
    private sealed class FieldOutput : IEventOutput
    {
        private readonly StateEngine _engine;
        private readonly Func<EventContext, ByteWriter, bool> _write;

        public FieldOutput(StateEngine engine, Func<EventContext, ByteWriter, bool> write)
        {
            _engine = engine;
            _write = write;
        }

        public void Write(EventContext ctx, ByteWriter output)
        {
            ctx.FirstEventTimestamp = _engine.FirstEventTs;
            if (_write(ctx, output)) ctx.PreviousShownTimestamp = ctx.Record.Timestamp;
        }
    }
}
