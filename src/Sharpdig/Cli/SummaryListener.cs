using Sharpdig.Events;
using Sharpdig.Formatting;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>
/// -S: counts every event read and prints the table at the end. The counts live in sysdig's
/// layout (one slot per event type, then an enter and an exit slot per syscall of the generic
/// events) and are sorted by libstdc++'s unstable sort, so that rows with equal counts come out
/// in sysdig's order too.
/// </summary>
public sealed class SummaryListener(ByteWriter output) : ICaptureListener
{
    private static readonly int SyscallSlots = SymbolTables.SyscallNames.Length;
    private const int MaxRows = 100;
    private readonly long[] _counts = new long[EventTable.LegacyEventMax + 2 * SyscallSlots];

    public ulong IntervalNs => 0;
    public void OnCaptureStart(StateEngine engine) { }
    public void OnInterval(ulong ts) { }

    public bool OnEvent(EventContext ctx)
    {
        var rec = ctx.Record;
        int type = rec.Type;
        if (type is EventTable.Codes.GenericE or EventTable.Codes.GenericX)
        {
            var p = rec.GetParam(0);
            int id = p.Length >= 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(p) : 0;
            int slot = EventTable.LegacyEventMax + id * 2 + (type == EventTable.Codes.GenericX ? 1 : 0);
            if ((uint)slot < (uint)_counts.Length) _counts[slot]++;
        }
        else if (type < EventTable.LegacyEventMax) _counts[type]++;
        return true;
    }

    public void OnCaptureEnd(ulong lastTs)
    {
        var rows = new (int Slot, long Count)[_counts.Length];
        for (int i = 0; i < rows.Length; i++) rows[i] = (i, _counts[i]);
        CxxIntroSort.Sort(rows, static (a, b) => a.Count > b.Count);
        output.Write("----------------------\nEvent           #Calls\n----------------------\n");
        // sysdig prints the 100 most frequent rows at most.
        foreach (var (slot, count) in rows.AsSpan(0, Math.Min(rows.Length, MaxRows)))
        {
            if (count == 0) break;
            bool enter;
            string name;
            if (slot < EventTable.LegacyEventMax)
            {
                var info = EventTable.Get(slot);
                (enter, name) = (info.IsEnter, info.Name);
            }
            else
            {
                int id = slot - EventTable.LegacyEventMax;
                (enter, name) = ((id & 1) == 0, SymbolTables.SyscallNames[id / 2] ?? "");
            }
            // The name gets 16 columns exactly: longer names are cut ("< inotify_add_watc3").
            output.Write($"{(enter ? '>' : '<')} {(name.Length > 16 ? name[..16] : name),-16}{count}\n");
        }
    }
}
