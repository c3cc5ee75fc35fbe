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
    /// <summary>
    /// The event's thread as renderers and filters see it (sinsp's get_thread_info): the thread
    /// the parser used, else whatever thread has the event's tid now; null if none.
    /// </summary>
    public ThreadInfo? Thread => ParserThread ?? State.Threads.Get(Record.ThreadId);

    /// <summary>The thread the engine attached while parsing (sinsp's m_tinfo); null for switch,
    /// clone exits of unknown threads and the events that skip that step.</summary>
    public ThreadInfo? ParserThread { get; internal set; }
    /// <summary>The fd the event uses (its fd parameter or, for exits, the enter event's), if known.</summary>
    public FdInfo? Fd { get; internal set; }
    /// <summary>Number of that fd, or -1 when the event uses none.</summary>
    public long FdNumber { get; internal set; } = -1;
    /// <summary>The enter event matching this exit event, when the thread's last enter was one.</summary>
    public EventRecord? Enter { get; internal set; }
    /// <summary>True when the filter rejected the event or it is state-only (it is not shown).</summary>
    public bool IsFilteredOut { get; internal set; }
    /// <summary>True when parsing this event changed the name of its fd (fd.name_changed).</summary>
    public bool FdNameChanged { get; internal set; }
    /// <summary>errno of a failed exit event (positive), else 0.</summary>
    public int ErrorCode { get; internal set; }
    /// <summary>The thread's enter→exit latency as sinsp keeps it (0 on enter events; -t d, evt.latency).</summary>
    public ulong Latency => ParserThread?.Latency ?? 0;
    /// <summary>Timestamp evt.reltime counts from (set by the main loop at the first event).</summary>
    public ulong FirstEventTimestamp { get; set; }
    /// <summary>Timestamp of the previous event that was shown (evt.deltatime); 0 before the first.</summary>
    public ulong PreviousShownTimestamp { get; set; }
}
