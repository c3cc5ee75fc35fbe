using System.Buffers.Binary;
using System.Text;
using Sharpdig.Chisels;
using Sharpdig.Events;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// A chisel engine for host tests: fields are functions of the event record, filters are
/// predicates named in a table, so chisel behaviour can be tested without the real engine.
/// </summary>
internal sealed class FakeChiselEngine : IChiselEngine
{
    public Dictionary<string, Func<EventRecord, object?>> Fields { get; } = new()
    {
        ["evt.rawtime"] = e => e.Timestamp,
        ["evt.type"] = e => e.Info.Name,
    };
    /// <summary>Integer fields, extracted without boxing (for the allocation test).</summary>
    public Dictionary<string, Func<EventRecord, long>> IntegerFields { get; } = new()
    {
        ["evt.num"] = e => e.Number,
        ["thread.tid"] = e => e.ThreadId,
    };
    public Dictionary<string, Func<EventRecord, bool>> Filters { get; } = new()
    {
        ["evt.type=open"] = e => e.Info.Name == "open",
        ["thread.tid=1"] = e => e.ThreadId == 1,
    };
    public List<string> Calls { get; } = [];

    public IChiselField CompileField(string name) =>
        IntegerFields.TryGetValue(name, out var i) ? new IntegerField(i)
        : Fields.TryGetValue(name, out var f) ? new Field(f) : throw new ChiselException($"unrecognized field {name}");

    /// <summary>Filters that also tell which event types they may pass (as the real engine's do).</summary>
    public Dictionary<string, (Func<EventRecord, bool> Match, int[] Types)> TypedFilters { get; } = new()
    {
        ["evt.type=open (typed)"] = (e => e.Info.Name == "open", [EventTable.Codes.OpenE, EventTable.Codes.OpenX]),
    };

    public IChiselFilter CompileFilter(string expression) =>
        TypedFilters.TryGetValue(expression, out var typed) ? new Filter(typed.Match, typed.Types)
        : Filters.TryGetValue(expression, out var f) ? new Filter(f) : throw new ChiselException($"syntax error in {expression}");

    public IChiselFormatter CompileFormatter(string format) => new Formatter(format);
    public bool IsValidFilter(string expression) => Filters.ContainsKey(expression);
    public void SetCaptureFilter(string expression) { CaptureFilter = expression; Calls.Add("filter:" + expression); }
    public string CaptureFilter { get; set; } = "";
    public void SetSnaplen(int snaplen) => Calls.Add("snaplen:" + snaplen);
    public bool SetBufferFormat(string name) { Calls.Add("format:" + name); return name is "ascii" or "normal"; }
    public bool IsLive => false;
    public bool PrintContainerData { get; set; }
    public bool JsonOutput => false;
    public string InputFileName => "/tmp/x.scap";
    public ChiselMachineInfo? MachineInfo => new(2, 1024, 32768, "host1");
    public ulong FirstEventTimestamp { get; set; }
    public ulong LastEventTimestamp { get; set; }
    public double ReadProgress => 0;
    public List<ChiselThread> Threads { get; } = [];
    public IReadOnlyList<ChiselThread> GetThreads(string? fdFilter, bool includeFds) => Threads;
    public IReadOnlyList<ChiselContainer> GetContainers() => [];

    /// <summary>A record with no parameters: type code, time, thread.</summary>
    public static EventRecord Event(int type, ulong ts, long tid, long number)
    {
        var buf = new byte[EventRecord.HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, ts);
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(8), tid);
        BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(16), (uint)buf.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(20), (ushort)type);
        var rec = new EventRecord();
        rec.Load(buf, 0, buf.Length, 0, 0);
        rec.Number = number;
        return rec;
    }

    private sealed class Field(Func<EventRecord, object?> get) : IChiselField
    {
        private byte[] _text = [];
        public bool TryExtract(EventRecord evt, ref ChiselFieldValue value)
        {
            switch (get(evt))
            {
                case null: return false;
                case string s: _text = Encoding.UTF8.GetBytes(s); value.SetText(_text); return true;
                case bool b: value.SetBoolean(b); return true;
                case ulong u: value.SetUnsigned(u); return true;
                case double d: value.SetDouble(d); return true;
                case var o: value.SetInteger(Convert.ToInt64(o)); return true;
            }
        }
    }

    private sealed class IntegerField(Func<EventRecord, long> get) : IChiselField
    {
        public bool TryExtract(EventRecord evt, ref ChiselFieldValue value) { value.SetInteger(get(evt)); return true; }
    }

    private sealed class Filter(Func<EventRecord, bool> match, int[]? types = null) : IChiselFilter
    {
        public bool Matches(EventRecord evt) => match(evt);
        public bool[]? PossibleTypes { get; } = types is null ? null : Enumerable.Range(0, EventTable.Count).Select(types.Contains).ToArray();
    }

    private sealed class Formatter(string format) : IChiselFormatter
    {
        public bool TryFormat(EventRecord evt, ChiselOutput output)
        {
            output.Write($"[{format}] #{evt.Number}");
            return true;
        }
    }
}
