using System.Buffers.Binary;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Filtering;

/// <summary>
/// The verdicts of a filter that reads nothing but the event's type (evt.type, evt.dir, evt.is_io
/// and the like), worked out once for every event type and, for the generic syscall events (whose
/// evt.type is their syscall's name), for every syscall id. Such a filter is then one or two table
/// lookups per event: "evt.type=procinfo" no longer runs its check on the many generic events
/// (clock_gettime, mprotect, ...) that its type prefilter has to let through.
/// The verdicts come from running the compiled filter itself on bare events, so they cannot
/// disagree with it; events whose syscall id is missing or unknown are left to the filter.
/// </summary>
internal sealed class TypeOnlyVerdicts
{
    private readonly bool[] _byType;
    private readonly bool[] _genericEnter, _genericExit;   // by syscall id

    private TypeOnlyVerdicts(bool[] byType, bool[] genericEnter, bool[] genericExit)
    {
        _byType = byType;
        _genericEnter = genericEnter;
        _genericExit = genericExit;
    }

    /// <summary>The filter's verdict on <paramref name="rec"/> when the tables decide it; false when the filter must run.</summary>
    public bool TryDecide(EventRecord rec, out bool matches)
    {
        ushort type = rec.Type;
        if (type is EventTable.Codes.GenericE or EventTable.Codes.GenericX)
        {
            var id = rec.GetParam(0);
            var table = type == EventTable.Codes.GenericE ? _genericEnter : _genericExit;
            if (id.Length == 2 && BinaryPrimitives.ReadUInt16LittleEndian(id) is var n && n < table.Length)
            {
                matches = table[n];
                return true;
            }
            matches = false;
            return false;
        }
        matches = _byType[type];
        return true;
    }

    /// <summary>Runs <paramref name="filter"/> (made of type-only checks) on a bare event of each type and syscall; null if any run fails.</summary>
    public static TypeOnlyVerdicts? Build(Func<EventContext, bool> filter)
    {
        var record = new EventRecord();
        var ctx = new EventContext { Record = record, State = new SystemState() };
        // Header, one 2-byte parameter length and the parameter (the syscall id of generic events).
        var bare = new byte[EventRecord.HeaderSize + 4];
        bool Run(int type, int syscall)
        {
            bool generic = syscall >= 0;
            int length = generic ? bare.Length : EventRecord.HeaderSize;
            BinaryPrimitives.WriteUInt32LittleEndian(bare.AsSpan(16), (uint)length);
            BinaryPrimitives.WriteUInt16LittleEndian(bare.AsSpan(20), (ushort)type);
            BinaryPrimitives.WriteUInt32LittleEndian(bare.AsSpan(22), generic ? 1u : 0u);
            BinaryPrimitives.WriteUInt16LittleEndian(bare.AsSpan(EventRecord.HeaderSize), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(bare.AsSpan(EventRecord.HeaderSize + 2), (ushort)Math.Max(syscall, 0));
            record.Load(bare, 0, length, 0, 0);
            return filter(ctx);
        }
        try
        {
            var byType = new bool[EventTable.Count];
            for (int type = 0; type < byType.Length; type++)
                if (type is not (EventTable.Codes.GenericE or EventTable.Codes.GenericX)) byType[type] = Run(type, -1);
            int syscalls = SymbolTables.SyscallNames.Length;
            var enter = new bool[syscalls];
            var exit = new bool[syscalls];
            for (int id = 0; id < syscalls; id++)
            {
                enter[id] = Run(EventTable.Codes.GenericE, id);
                exit[id] = Run(EventTable.Codes.GenericX, id);
            }
            return new TypeOnlyVerdicts(byType, enter, exit);
        }
        catch (Exception)
        {
            return null;   // not decidable from the type after all: the filter runs on every event
        }
    }
}
