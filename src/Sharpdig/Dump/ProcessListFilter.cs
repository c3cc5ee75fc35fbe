using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// --filter-proclist: the command-line filter applied to the header's process list, the way
/// sysdig 0.29.3 does it. Each fd of each thread is tested as if the thread had just read from it
/// (a made-up read exit event with that thread and fd); fds that fail are left out, and a thread
/// none of whose fds pass (a thread without fds, too) is left out with its fd list.
/// </summary>
public sealed class ProcessListFilter
{
    private readonly IEventFilter _filter;
    private readonly EventRecord _probe = new();
    private readonly byte[] _probeBytes = new byte[EventRecord.HeaderSize];

    public ProcessListFilter(IEventFilter filter)
    {
        _filter = filter;
        BinaryPrimitives.WriteUInt32LittleEndian(_probeBytes.AsSpan(16), EventRecord.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(_probeBytes.AsSpan(20), Ppme.SyscallReadX);
    }

    /// <summary>A copy of <paramref name="md"/> keeping only what passes; threads are looked up in <paramref name="state"/>.</summary>
    public CaptureMetadata Apply(CaptureMetadata md, SystemState state)
    {
        var result = new CaptureMetadata { Machine = md.Machine };
        result.Interfaces.AddRange(md.Interfaces);
        result.Users.AddRange(md.Users);
        result.Groups.AddRange(md.Groups);

        var fdsByTid = new Dictionary<long, List<FdEntry>>();
        foreach (var list in md.FdLists)
        {
            if (!fdsByTid.TryGetValue(list.Tid, out var all)) fdsByTid[list.Tid] = all = [];
            all.AddRange(list.Fds);
        }
        var ctx = new EventContext { State = state };
        foreach (var p in md.Processes)
        {
            var thread = state.Threads.Get(p.Tid);
            var kept = new List<FdEntry>();
            if (thread is not null && fdsByTid.TryGetValue(p.Tid, out var fds))
                foreach (var e in fds)
                    if (Passes(ctx, thread, e.Fd)) kept.Add(e);
            if (kept.Count == 0) continue;
            result.Processes.Add(p);
            result.FdLists.Add(new FdListEntry(p.Tid, kept));
        }
        return result;
    }

    private bool Passes(EventContext ctx, ThreadInfo thread, long fd)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_probeBytes.AsSpan(8), thread.Tid);
        _probe.Load(_probeBytes, 0, _probeBytes.Length, 0, 0);
        ctx.Record = _probe;
        ctx.ParserThread = thread;
        ctx.Fd = thread.OwnFds.Get(fd);
        ctx.FdNumber = fd;
        ctx.Enter = null;
        ctx.IsFilteredOut = false;
        ctx.ErrorCode = 0;
        long lastFd = thread.LastEventFd;
        thread.LastEventFd = fd;
        try { return _filter.Matches(ctx); }
        finally { thread.LastEventFd = lastFd; }
    }
}
