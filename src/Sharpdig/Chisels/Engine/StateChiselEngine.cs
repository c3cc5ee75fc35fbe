using System.Text;
using Sharpdig.Capture;
using Sharpdig.Events;
using Sharpdig.Formatting;
using Sharpdig.State;

namespace Sharpdig.Chisels.Engine;

/// <summary>
/// The chisel engine of a sharpdig run: answers the chisel API from the state engine and
/// compiles fields, filters and formats with the delegates the command line layer provides
/// (the field catalog, the filter compiler, the -p formatter). It is created before the capture
/// is open (on_init runs then) and attached to the state engine once the main loop exists.
/// </summary>
public sealed class StateChiselEngine : IChiselEngine
{
    private StateEngine? _state;
    private string _captureFilter;

    public required Func<string, IChiselField> FieldCompiler { get; init; }
    public required Func<string, IChiselFilter> FilterCompiler { get; init; }
    public required Func<string, IChiselFormatter> FormatterCompiler { get; init; }
    /// <summary>Builds the filter used by get_thread_table(filter) on one thread and one of its fds.</summary>
    public required Func<string, Func<ThreadInfo, FdInfo, bool>> FdFilterCompiler { get; init; }

    /// <summary>Called when a chisel replaces the capture filter (sysdig.set_filter).</summary>
    public Action<string>? CaptureFilterChanged { get; init; }
    public Action<int>? SnaplenChanged { get; init; }
    /// <summary>Applies a buffer format name (normal, json, simple, hex, hexascii, ascii, base64, jsonbase64); false if unknown.</summary>
    public Func<string, bool>? BufferFormatChanged { get; init; }

    public StateChiselEngine(string captureFilter) => _captureFilter = captureFilter;

    /// <summary>Connects the engine once the main loop has created it.</summary>
    public void Attach(StateEngine state) => _state = state;

    /// <summary>Time of the latest event read, filtered or not (the main loop keeps it current).</summary>
    public ulong LastEventTimestamp { get; set; }
    public ulong FirstEventTimestamp => _state?.FirstEventTs ?? 0;

    public bool IsLive { get; init; }
    public bool PrintContainerData { get; init; }
    public bool JsonOutput { get; init; }
    public string InputFileName { get; init; } = "";
    public double ReadProgress { get; set; }

    public IChiselField CompileField(string name) => FieldCompiler(name);
    public IChiselFilter CompileFilter(string expression) => FilterCompiler(expression);
    public IChiselFormatter CompileFormatter(string format) =>
        FormatterCompiler(format is "" or "default" ? DefaultFormat : format);

    /// <summary>The default event line as a -p format (what sysdig uses for set_event_formatter("default")).</summary>
    public const string DefaultFormat =
        "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    public bool IsValidFilter(string expression)
    {
        try { FilterCompiler(expression); return true; }
        catch (Exception) { return false; }
    }

    public string CaptureFilter => _captureFilter;

    public void SetCaptureFilter(string expression)
    {
        FilterCompiler(expression);           // throws when invalid
        _captureFilter = expression;
        CaptureFilterChanged?.Invoke(expression);
    }

    public void SetSnaplen(int snaplen) => SnaplenChanged?.Invoke(snaplen);

    public bool SetBufferFormat(string name) => BufferFormatChanged?.Invoke(name) ?? false;

    public ChiselMachineInfo? MachineInfo =>
        _state?.State.Machine is { } m ? new ChiselMachineInfo((int)m.NumCpus, m.MemorySizeBytes, m.MaxPid, m.Hostname) : null;

    public IReadOnlyList<ChiselThread> GetThreads(string? fdFilter, bool includeFds)
    {
        var result = new List<ChiselThread>();
        if (_state is null) return result;
        var keep = fdFilter is null ? null : FdFilterCompiler(fdFilter);
        var users = _state.State.Users;
        foreach (var t in _state.State.Threads.All)
        {
            var fds = t.Fds.All.OrderBy(f => f.Number).ToList();
            if (keep is not null)
            {
                fds = fds.Where(f => keep(t, f)).ToList();
                if (fds.Count == 0) continue;
            }
            var ct = new ChiselThread
            {
                Tid = t.Tid, Pid = t.Pid, Ptid = t.Ptid,
                Comm = t.Comm.ToString(), Exe = t.Exe.ToString(),
                Flags = t.Flags, FdLimit = (uint)t.FdLimit, Uid = t.Uid, Gid = t.Gid,
                VmSizeKb = t.VmSizeKb, VmRssKb = t.VmRssKb, VmSwapKb = t.VmSwapKb,
                PageFaultsMajor = t.PageFaultsMajor, PageFaultsMinor = t.PageFaultsMinor,
                CloneTimestamp = t.CloneTs,
                UserName = t.Uid == uint.MaxValue ? "<NA>" : users.GetName(t.Uid)?.ToString() ?? "<NA>",
                Args = t.Args, Env = t.Env,
            };
            if (includeFds) foreach (var f in fds) ct.Fds.Add(Describe(f));
            result.Add(ct);
        }
        result.Sort((a, b) => a.Tid.CompareTo(b.Tid));
        return result;
    }

    private static ChiselFd Describe(FdInfo f)
    {
        var d = new ChiselFd { Number = f.Number, Name = CleanName(f.Name.Bytes), Type = Fields.FdFieldExtractor.TypeName(f.Type) };
        if (!f.IsIpSocket) return d;
        d.IsSocket = true;
        d.L4Proto = f.L4Proto switch
        {
            L4Proto.Tcp => "tcp", L4Proto.Udp => "udp", L4Proto.Icmp => "icmp", L4Proto.Raw => "raw", _ => "<NA>",
        };
        if (f.IsServerSocket)
        {
            d.IsServer = true;
            d.ServerIp = Ip(f.DestIp);
            d.ServerPort = f.DestPort;
        }
        else
        {
            d.HasClient = true;
            d.ClientIp = Ip(f.SourceIp);
            d.ClientPort = f.SourcePort;
            d.ServerIp = Ip(f.DestIp);
            d.ServerPort = f.DestPort;
            d.IsServer = f.Role == FdRole.Server;
        }
        return d;
    }

    private static string Ip(IpAddress ip)
    {
        Span<byte> buf = stackalloc byte[AddressText.MaxIpLength];
        int n = AddressText.WriteIp(ip, buf);
        return Encoding.UTF8.GetString(buf[..n]);
    }

    /// <summary>The fd name without control characters (sinsp's tostring_clean).</summary>
    private static string CleanName(ReadOnlySpan<byte> name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in Encoding.UTF8.GetString(name)) if (!char.IsControl(c)) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>The containers announced in the capture so far (the host is not one).</summary>
    public IReadOnlyList<ChiselContainer> GetContainers()
    {
        if (_state is null) return [];
        return _state.State.Containers.Values
            .Select(c => new ChiselContainer(c.Id, c.Name, c.Image, ContainerTypeName(c.Type)))
            .ToList();
    }

    /// <summary>sinsp's names for its container type numbers.</summary>
    private static string ContainerTypeName(uint type) => type switch
    {
        0 => "docker", 1 => "lxc", 2 => "libvirt_lxc", 3 => "mesos", 4 => "rkt", 6 => "cri",
        7 => "containerd", 8 => "cri-o", 9 => "bpm", _ => "unknown",
    };
}
