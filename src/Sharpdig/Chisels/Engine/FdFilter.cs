using System.Buffers.Binary;
using Sharpdig.Events;
using Sharpdig.Filtering;
using Sharpdig.State;

namespace Sharpdig.Chisels.Engine;

/// <summary>
/// sysdig.get_thread_table(filter): the filter is run once per (thread, fd) on a made-up read exit
/// event of that thread at the time of the latest event, so that fd.* and proc.* fields see them.
/// </summary>
public static class FdFilter
{
    public static Func<ThreadInfo, FdInfo, bool> Compile(string text, Func<StateEngine?> engine)
    {
        var filter = CompiledFilter.Compile(text);
        var record = new EventRecord();
        var buffer = new byte[EventRecord.HeaderSize];
        var ctx = new EventContext();
        return (thread, fd) =>
        {
            var state = engine();
            if (state is null) return false;
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, state.Current.Record?.Timestamp ?? 0);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), thread.Tid);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)buffer.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(20), (ushort)EventTable.Codes.ReadX);
            record.Load(buffer, 0, buffer.Length, 0, 0);
            ctx.Record = record;
            ctx.State = state.State;
            ctx.ParserThread = thread;
            ctx.Fd = fd;
            ctx.FdNumber = fd.Number;
            ctx.FirstEventTimestamp = state.FirstEventTs;
            // fd.num reads the thread's last fd, as for a real event on this fd.
            long lastFd = thread.LastEventFd;
            thread.LastEventFd = fd.Number;
            try { return filter.Matches(ctx); }
            finally { thread.LastEventFd = lastFd; }
        };
    }
}
