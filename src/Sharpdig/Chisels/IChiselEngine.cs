using Sharpdig.Events;

namespace Sharpdig.Chisels;

/// <summary>
/// What the chisel host asks of the engine that reads events: compiling fields, filters and
/// formats once, and a few facts about the capture. The host knows nothing else about the
/// engine, so it can be tested with a fake one and wired to the real one by a small adapter.
/// Compile methods throw <see cref="ChiselException"/> (or any exception whose message is the
/// reason) when the text is invalid.
/// </summary>
public interface IChiselEngine
{
    /// <summary>A field (e.g. "fd.name", "evt.arg.res") ready to be extracted from each event.</summary>
    IChiselField CompileField(string name);

    /// <summary>A filter in the sysdig filter language.</summary>
    IChiselFilter CompileFilter(string expression);

    /// <summary>A -p style output format ("default" or "" is the default event line).</summary>
    IChiselFormatter CompileFormatter(string format);

    /// <summary>True when `rest` (the remaining command line words joined by spaces) is a valid filter.</summary>
    bool IsValidFilter(string expression);

    /// <summary>Replaces the capture-wide filter (sysdig.set_filter).</summary>
    void SetCaptureFilter(string expression);

    /// <summary>The capture-wide filter given on the command line or set by a chisel ("" if none).</summary>
    string CaptureFilter { get; }

    void SetSnaplen(int snaplen);

    /// <summary>Applies a chisel's sysdig.set_output_format; false when the name is unknown.</summary>
    bool SetBufferFormat(string name);

    bool IsLive { get; }
    /// <summary>-pc / -pcontainer given.</summary>
    bool PrintContainerData { get; }
    /// <summary>-j given.</summary>
    bool JsonOutput { get; }
    /// <summary>The capture file path, "" when live.</summary>
    string InputFileName { get; }

    /// <summary>Machine facts, or null before the capture is open.</summary>
    ChiselMachineInfo? MachineInfo { get; }

    /// <summary>Timestamps (ns) of the first and latest events read, 0 before any.</summary>
    ulong FirstEventTimestamp { get; }
    ulong LastEventTimestamp { get; }

    /// <summary>Fraction (0..100) of the capture file read so far.</summary>
    double ReadProgress { get; }

    /// <summary>The threads known to the state engine, with their fds, filtered by `fdFilter` when not null.</summary>
    IReadOnlyList<ChiselThread> GetThreads(string? fdFilter, bool includeFds);

    /// <summary>The containers known to the state engine.</summary>
    IReadOnlyList<ChiselContainer> GetContainers();
}

/// <summary>One requested field. Extract is called on the event being processed (or the last one).</summary>
public interface IChiselField
{
    /// <summary>Writes the field's value for <paramref name="evt"/> into <paramref name="value"/>; false when it has none.</summary>
    bool TryExtract(EventRecord evt, ref ChiselFieldValue value);
}

public interface IChiselFilter
{
    bool Matches(EventRecord evt);

    /// <summary>Per event type, whether the filter can match it at all (null: any type).</summary>
    bool[]? PossibleTypes => null;

    /// <summary>Per event type, whether the filter surely matches it without being run (null: none).</summary>
    bool[]? CertainTypes => null;
}

public interface IChiselFormatter
{
    /// <summary>Appends the formatted line (without newline) to <paramref name="output"/>; false when the event is not shown.</summary>
    bool TryFormat(EventRecord evt, ChiselOutput output);
}

/// <summary>How a field value crosses into Lua: numbers, booleans or byte strings.</summary>
public enum ChiselValueKind : byte { Integer, Unsigned, Double, Boolean, Text }

/// <summary>A field value as typed by the extractor; Text is valid until the next extraction.</summary>
public ref struct ChiselFieldValue
{
    public ChiselValueKind Kind;
    public long Integer;          // Integer and Boolean (0/1); Unsigned as the same 64 bits
    public double Double;
    public ReadOnlySpan<byte> Text;

    public void SetInteger(long v) { Kind = ChiselValueKind.Integer; Integer = v; }
    public void SetUnsigned(ulong v) { Kind = ChiselValueKind.Unsigned; Integer = (long)v; }
    public void SetDouble(double v) { Kind = ChiselValueKind.Double; Double = v; }
    public void SetBoolean(bool v) { Kind = ChiselValueKind.Boolean; Integer = v ? 1 : 0; }
    public void SetText(ReadOnlySpan<byte> v) { Kind = ChiselValueKind.Text; Text = v; }
}

public sealed record ChiselMachineInfo(int CpuCount, ulong MemorySizeBytes, ulong MaxPid, string Hostname);

public sealed class ChiselThread
{
    public long Tid, Pid, Ptid;
    public string Comm = "", Exe = "", UserName = "<NA>";
    public uint Flags, FdLimit, Uid, Gid, ChildCount, VmSizeKb, VmRssKb, VmSwapKb;
    public ulong PageFaultsMajor, PageFaultsMinor, CloneTimestamp;
    public IReadOnlyList<string> Args = [];
    public IReadOnlyList<string> Env = [];
    public List<ChiselFd> Fds = [];
}

public sealed class ChiselFd
{
    public long Number;
    public string Name = "", Type = "";
    /// <summary>Set for IPv4/IPv6 sockets only.</summary>
    public bool IsSocket, HasClient, IsServer;
    public string ClientIp = "", ServerIp = "", L4Proto = "<NA>";
    public ushort ClientPort, ServerPort;
}

public sealed record ChiselContainer(string Id, string Name, string Image, string Type);
