using Sharpdig.Formatting;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>-S: counts every event read by direction and type and prints the table at the end.</summary>
public sealed class SummaryListener(ByteWriter output) : ICaptureListener
{
    private readonly Dictionary<(bool Enter, string Name), long> _counts = new();
    private readonly long[] _byType = new long[Events.EventTable.Count];

    public ulong IntervalNs => 0;
    public void OnCaptureStart(StateEngine engine) { }
    public void OnInterval(ulong ts) { }

    public bool OnEvent(EventContext ctx)
    {
        var rec = ctx.Record;
        if (rec.Type > Events.EventTable.Codes.GenericX) _byType[rec.Type]++;
        else
        {
            var key = (rec.Info.IsEnter, DefaultLineFormatter.TypeName(rec));
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
        return true;
    }

    public void OnCaptureEnd(ulong lastTs)
    {
        var rows = new List<(bool Enter, string Name, long Count)>();
        for (int i = 2; i < _byType.Length; i++)
            if (_byType[i] > 0) rows.Add((Events.EventTable.Get(i).IsEnter, Events.EventTable.Get(i).Name, _byType[i]));
        foreach (var (k, v) in _counts) rows.Add((k.Enter, k.Name, v));
        rows.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        output.Write("----------------------\nEvent           #Calls\n----------------------\n");
        foreach (var r in rows)
            output.Write($"{(r.Enter ? '>' : '<')} {r.Name,-15} {r.Count}\n");
    }
}
