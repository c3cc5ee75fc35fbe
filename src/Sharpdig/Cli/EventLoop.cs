using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Sharpdig.Formatting;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>Writes one shown event (the default line, -p formats and -j come through here).</summary>
public interface IEventOutput
{
    void Write(EventContext ctx, ByteWriter output);
}

/// <summary>Something that watches the whole capture (chisels, the -S summary).</summary>
public interface ICaptureListener
{
    void OnCaptureStart(StateEngine engine);
    /// <summary>Called for every event that passed the filter, shown or not; return false to hide it from output.</summary>
    bool OnEvent(EventContext ctx);
    /// <summary>Capture-time timer: called when event time crosses a multiple of <see cref="IntervalNs"/> (0 = never; read once, after OnCaptureStart).</summary>
    ulong IntervalNs { get; }
    void OnInterval(ulong ts);
    void OnCaptureEnd(ulong lastTs);
    /// <summary>An event the filter dropped (or state-only): chisels still see its time (on_interval).</summary>
    void OnFilteredOut(EventContext ctx) { }
}

/// <summary>
/// The main loop: read an event, apply it to the state (filtering where sinsp does), then show,
/// write or hand it on.
///
/// Hook points (set by Program from the command line; other layers plug in here):
///  - <see cref="Source"/>: any ICaptureSource (the file reader, or the live source that
///    Program gets from <see cref="LiveCapture.Open"/> when there is no -r);
///  - <see cref="Filter"/>: an IEventFilter compiled by the filtering layer. The engine runs it
///    where sinsp does (before parsing for events that do not change state, after for the others),
///    which matters for the state and for -n, which counts only events that pass;
///  - <see cref="DisplayFilter"/>: -d, applied after formatting to what is shown;
///  - <see cref="Output"/>: how shown events are printed (default line, -p, -j); null = nothing;
///  - <see cref="Listeners"/>: chisels and the -S summary; OnEvent for every event that passed the
///    filter (hidden internal ones included), OnInterval from a capture-time timer that also
///    ticks on filtered-out events, OnCaptureStart/End around the run;
///  - <see cref="Dumper"/>: -w, sees every event (filtered out or not) and decides what to save
///    as sinsp's dumper does (filtered-out events are dropped except internal ones, and with -F
///    state-changing ones are kept as state-only).
/// Events at the start of a file that are container events are applied before the process table
/// is imported and are never shown (sysdig consumes them while opening the file).
/// Output goes through one buffered byte stream; <see cref="Run"/> flushes it at the end, and
/// also when the loop stops early (-n, -M, <see cref="StopRequested"/>) or the input is damaged.
/// </summary>
public sealed class EventLoop
{
    public required ICaptureSource Source { get; init; }
    public StateEngine Engine { get; } = new();
    public IEventFilter? Filter { get; set; }
    public IEventFilter? DisplayFilter { get; set; }
    public IEventOutput? Output { get; set; }
    public List<ICaptureListener> Listeners { get; } = [];
    public Dump.IEventDumper? Dumper { get; set; }
    public bool ShowInternal { get; set; }
    public long MaxEvents { get; set; }
    public Stream OutputStream { get; set; } = Stream.Null;
    public ByteWriter Buffer { get; } = new(1 << 16);
    /// <summary>Bytes gathered before writing to the stream; 0 writes every event (--unbuffered).</summary>
    public int FlushThreshold { get; set; } = 1 << 15;

    /// <summary>Set from a signal handler to stop at the next event.</summary>
    public volatile bool StopRequested;

    /// <summary>-M: stop once this much capture time has passed since the first event (0 = never).</summary>
    public ulong MaxDurationNs { get; set; }
    /// <summary>Events that passed the filter (what -n counts; hidden internal events included).</summary>
    public long EventsRead { get; private set; }

    /// <summary>Runs to the end of the capture (or -n / a stop request). Damage is thrown after flushing.</summary>
    public void Run()
    {
        var rec = new EventRecord();
        var engine = Engine;
        int section = 0;
        bool pending = false;
        ulong lastTs = 0, durationStart = 0;
        var listeners = Listeners.ToArray();
        var intervals = new ulong[listeners.Length];
        ulong[] periods = [];
        bool timers = false;
        try
        {
            // Container events at the very start are consumed while the file is opened (counted, never shown).
            while (true)
            {
                if (!Source.TryReadNext(rec)) { pending = false; break; }
                if (rec.Type is Ppme.ContainerE or Ppme.ContainerJsonE or Ppme.ContainerJsonV2E && !Source.IsLive)
                {
                    var c = engine.Apply(rec);
                    Dumper?.Dump(c);   // remembered, then written right after the header
                    continue;
                }
                pending = true;
                break;
            }
            engine.Import(Source.Metadata);
            section = Source.Section;
            Dumper?.Start(engine, Source.Metadata);
            foreach (var l in listeners) l.OnCaptureStart(engine);
            periods = Array.ConvertAll(listeners, l => l.IntervalNs);
            timers = Array.Exists(periods, p => p != 0);

            while (pending && !StopRequested)
            {
                if (Source.Section != section) { engine.Import(Source.Metadata); section = Source.Section; }
                var ctx = engine.Apply(rec, Filter);
                lastTs = rec.Timestamp;
                for (int i = 0; timers && i < listeners.Length; i++)
                {
                    ulong iv = periods[i];
                    if (iv == 0) continue;
                    if (intervals[i] == 0) intervals[i] = lastTs - lastTs % iv + iv;
                    while (lastTs >= intervals[i]) { listeners[i].OnInterval(intervals[i]); intervals[i] += iv; }
                }
                bool internalEvt = rec.Info.IsInternal;
                Dumper?.Dump(ctx);   // sinsp dumps before the loop looks at the event
                // Filtered-out events go no further (internal ones still do under -D, as in sinsp).
                if (!ctx.IsFilteredOut || (ShowInternal && internalEvt))
                {
                    if (ctx.IsFilteredOut) engine.Cleanup(rec, ctx);
                    if (durationStart == 0) durationStart = rec.Timestamp;
                    else if (MaxDurationNs > 0 && rec.Timestamp - durationStart >= MaxDurationNs) break;
                    EventsRead++;
                    bool show = !internalEvt || ShowInternal;
                    foreach (var l in listeners) show &= l.OnEvent(ctx);
                    if (show && Output is not null)
                    {
                        // sysdig formats first and applies -d afterwards (formatting has side effects such as -t D).
                        int mark = Buffer.Length;
                        Output.Write(ctx, Buffer);
                        if (DisplayFilter is not null && !DisplayFilter.Matches(ctx)) Buffer.Truncate(mark);
                        if (Buffer.Length >= FlushThreshold) { Buffer.FlushTo(OutputStream); if (FlushThreshold == 0) OutputStream.Flush(); }
                    }
                }
                else
                {
                    foreach (var l in listeners) l.OnFilteredOut(ctx);
                }
                if (MaxEvents > 0 && EventsRead >= MaxEvents) break;
                pending = Source.TryReadNext(rec);
            }
        }
        finally
        {
            Buffer.FlushTo(OutputStream);
        }
        foreach (var l in listeners) l.OnCaptureEnd(lastTs);
        Buffer.FlushTo(OutputStream);
    }
}

/// <summary>The default output line as an <see cref="IEventOutput"/>.</summary>
public sealed class DefaultLineOutput(DefaultLineFormatter formatter) : IEventOutput
{
    public void Write(EventContext ctx, ByteWriter output) => formatter.Write(ctx, output);
}
