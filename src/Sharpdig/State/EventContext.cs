using Sharpdig.Events;

namespace Sharpdig.State;

/// <summary>
/// The current event together with the state objects it refers to, after the engine applied it.
/// One instance is reused for every event (valid until the next <see cref="StateEngine.Apply"/>).
/// Filters, formatters and chisels read events through it.
/// </summary>
public sealed class EventContext
{
    public EventRecord Record { get; internal set; } = null!;
    public SystemState State { get; internal set; } = null!;
    /// <summary>The event's thread; null only for events that never create one (switch, clone exits ...).</summary>
    public ThreadInfo? Thread { get; internal set; }
    /// <summary>The fd the event uses (its fd parameter or, for exits, the enter event's), if known.</summary>
    public FdInfo? Fd { get; internal set; }
    /// <summary>Number of that fd, or -1 when the event uses none.</summary>
    public long FdNumber { get; internal set; } = -1;
    /// <summary>The enter event matching this exit event, when the thread's last enter was one.</summary>
    public EventRecord? Enter { get; internal set; }
    /// <summary>Enter→exit time for exit events with a matching enter, else 0 (evt.latency, -t d).</summary>
    public ulong Latency { get; internal set; }
    /// <summary>True when sysdig would not print this event (internal, state-only, leading container).</summary>
    public bool IsHidden { get; internal set; }
    /// <summary>Timestamp evt.reltime counts from (set by the main loop at the first event).</summary>
    public ulong FirstEventTimestamp { get; set; }
    /// <summary>Timestamp of the previous event that was shown (evt.deltatime); 0 before the first.</summary>
    public ulong PreviousShownTimestamp { get; set; }
}
