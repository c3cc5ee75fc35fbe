using Sharpdig.Chisels.Api;
using Sharpdig.Chisels.Lua;
using Sharpdig.Events;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels;

/// <summary>
/// One chisel loaded into its own Lua interpreter, with the state the chisel API acts on: its
/// requested fields, filter, event formatter and interval timer. The lifecycle follows sysdig:
/// load -> SetArgs (on_set_arg) -> Init (on_init, which may chisel.exec another chisel) ->
/// CaptureStart -> Run/Tick per event -> CaptureEnd.
/// </summary>
public sealed unsafe class Chisel : IDisposable
{
    private LuaState _lua = null!;
    private bool _hasOnEvent;
    private int _onEventName, _onIntervalName;   // registry refs of the callback names (per-event lookups)
    private bool _firstEvent = true;
    private ulong _lastSampleTime;
    private ulong _lastIntervalTs;

    /// <summary>The chisel whose Lua code is running now on this thread; the API callbacks act on it.</summary>
    [ThreadStatic] internal static Chisel? Current;

    /// <summary>The name it was asked by (after chisel.exec, the executed chisel's name).</summary>
    public string Name { get; private set; } = "";
    public string FilePath { get; private set; } = "";
    public IReadOnlyList<ChiselArgument> Args { get; private set; } = [];
    public int RequiredArgCount => Args.Count(a => !a.Optional);
    public int OptionalArgCount => Args.Count(a => a.Optional);

    private readonly ChiselSession _session;
    internal IChiselEngine Engine => _session.Engine;
    internal ChiselOutput Output => _session.Output;
    internal ChiselDirectories Directories => _session.Directories;
    internal List<IChiselField> Fields { get; } = [];
    /// <summary>Tables of sums the host keeps for the chisel (chisel.sum_by), added to before on_event.</summary>
    internal List<FieldSums> Sums { get; } = [];
    internal IChiselFilter? Filter
    {
        get => _filter;
        set { _filter = value; _filterTypes = value?.PossibleTypes; _filterCertain = value?.CertainTypes; _session.ChiselChanged(); }
    }
    private IChiselFilter? _filter;
    private bool[]? _filterTypes;   // checked before the filter itself: most events fail on their type
    private bool[]? _filterCertain; // types that pass without running it (a filter on the type alone)
    internal IChiselFormatter? Formatter { get; set; }
    internal ulong IntervalNs { get; set { field = value; _session.ChiselChanged(); } }
    internal ulong PreciseIntervalNs { get; set { field = value; _session.ChiselChanged(); } }

    /// <summary>
    /// Per event type, whether this chisel may do anything with such an event (its filter may pass
    /// it); null when it may want any event: no filter on the type, or a timer that needs the time
    /// of every event.
    /// </summary>
    internal bool[]? UsedTypes => _firstEvent || IntervalNs != 0 || PreciseIntervalNs != 0 ? null : _filterTypes;
    internal List<string> ArgValues { get; } = [];
    internal string? ExecTarget { get; set; }
    internal bool EndCaptureRequested { get; set; }
    /// <summary>Arguments for a second run requested with sysdig.run_app, or null.</summary>
    public string? NextRunArgs { get; internal set; }
    /// <summary>The event being processed, or the last one; evt.* reads it.</summary>
    internal EventRecord? CurrentEvent { get; set; }

    private Chisel(ChiselSession session) => _session = session;

    /// <summary>Finds chisel <paramref name="name"/> on the session's search path and runs its file.</summary>
    internal static Chisel Load(string name, ChiselSession session)
    {
        var chisel = new Chisel(session);
        try { chisel.LoadScript(name); }
        catch { chisel.Dispose(); throw; }
        return chisel;
    }

    private void LoadScript(string name)
    {
        Name = name.Trim();
        FilePath = Directories.Find(Name) ?? throw new ChiselException($"can't open file {Name}");
        byte[] code;
        try { code = File.ReadAllBytes(FilePath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChiselException($"can't open file {Name}");
        }

        _lua = ChiselInterpreter.Create(Directories);
        string? err = WithCurrent(() => _lua.Run(code, "@" + FilePath));
        if (err is not null) throw new ChiselException($"Failed to load chisel {Name}: {err}");

        Args = ChiselScript.ReadArgs(_lua, Name);
        _onEventName = _lua.ReferenceString("on_event");
        _onIntervalName = _lua.ReferenceString("on_interval");
        _lua.GetGlobal("on_event\0"u8);
        _hasOnEvent = _lua.Type(-1) == TypeFunction;
        _lua.Pop(1);
    }

    private T WithCurrent<T>(Func<T> action)
    {
        var previous = Current;
        Current = this;
        try { return action(); }
        finally { Current = previous; }
    }

    /// <summary>Splits the single command-line word of arguments like sysdig (spaces; '...' or `...` group) and applies them.</summary>
    public void SetArgs(string text)
    {
        ArgValues.Clear();
        ArgValues.AddRange(SplitArgs(text, Name));
        if (ArgValues.Count < RequiredArgCount)
            throw new ChiselException($"wrong number of parameters for chisel {Name}, {RequiredArgCount} required, {ArgValues.Count} given");
        if (ArgValues.Count > RequiredArgCount + OptionalArgCount)
            throw new ChiselException($"too many parameters for chisel {Name}, {RequiredArgCount} required, {OptionalArgCount} optional, {ArgValues.Count} given");
        for (int i = 0; i < ArgValues.Count; i++) CallSetArg(Args[i].Name, ArgValues[i]);
    }

    internal static List<string> SplitArgs(string text, string chiselName)
    {
        var values = new List<string>();
        string s = text.Trim();
        if (s.Length == 0) return values;
        int begin = 0, correction = 0, j;
        bool inQuotes = false;
        for (j = 0; j < s.Length; j++)
        {
            char c = s[j];
            if (c == ' ' && !inQuotes)
            {
                values.Add(Slice(s, begin, j - correction - begin));
                begin = j + 1;
                correction = 0;
            }
            else if (c == '\'' || c == '`')
            {
                if (inQuotes) { correction = 1; inQuotes = false; }
                else { begin++; inQuotes = true; }
            }
        }
        if (inQuotes) throw new ChiselException($"corrupted parameters for chisel {chiselName}");
        values.Add(Slice(s, begin, j - correction - begin));
        return values;

        static string Slice(string s, int start, int len) =>
            start >= s.Length || len <= 0 ? "" : s.Substring(start, Math.Min(len, s.Length - start));
    }

    private void CallSetArg(string name, string value)
    {
        _lua.GetGlobal("on_set_arg\0"u8);
        if (_lua.Type(-1) != TypeFunction)
        {
            _lua.Pop(1);
            throw new ChiselException($"chisel {Name} misses a set_arg() function.");
        }
        _lua.PushText(name);
        _lua.PushText(value);
        string? err = Call(2, 1);
        if (err is not null) throw new ChiselException($"{Name} chisel error: {err}");
        try
        {
            if (_lua.Type(-1) != TypeBoolean) throw new ChiselException($"{Name} chisel error: wrong set_arg() return value.");
            if (lua_toboolean(_lua.Handle, -1) == 0) throw new ChiselException($"set_arg() for chisel {Name} failed.");
        }
        finally { _lua.Pop(1); }
    }

    /// <summary>Calls the function below <paramref name="nargs"/> arguments with this chisel current.</summary>
    private string? Call(int nargs, int nresults)
    {
        var previous = Current;
        Current = this;
        try
        {
            string? err = _lua.Call(nargs, nresults);
            return err ?? TakePendingError();
        }
        finally { Current = previous; }
    }

    /// <summary>An error raised inside a callback that could not raise it into Lua (reported after the call).</summary>
    internal string? PendingError { get; set; }

    private string? TakePendingError()
    {
        string? e = PendingError;
        PendingError = null;
        return e;
    }

    /// <summary>on_init; when it called chisel.exec, replaces this chisel by the executed one.</summary>
    public void Init()
    {
        _lua.GetGlobal("on_init\0"u8);
        if (_lua.Type(-1) != TypeFunction) { _lua.Pop(1); return; }
        string? err = Call(0, 1);
        if (err is not null) throw new ChiselException($"{Name}: error in init(): {err}");
        try
        {
            if (ExecTarget is null)
            {
                if (_lua.Type(-1) != TypeBoolean) throw new ChiselException($"{Name} chisel error: wrong init() return value.");
                if (lua_toboolean(_lua.Handle, -1) == 0) throw new ChiselException($"init() for chisel {Name} failed.");
            }
        }
        finally { _lua.Pop(1); }

        if (ExecTarget is not null) ExecInPlace();
    }

    private void ExecInPlace()
    {
        string target = ExecTarget!;
        ExecTarget = null;
        var values = new List<string>(ArgValues);
        ResetForReload();
        LoadScript(target);
        // Re-join the values into one argument string, quoting those with spaces, as sysdig does.
        string joined = string.Join(' ', values.Select(v => v.Contains(' ') ? "'" + v + "'" : v));
        ArgValues.Clear();
        SetArgs(joined);
        Init();
    }

    private void ResetForReload()
    {
        _lua?.Dispose();
        Fields.Clear();
        Sums.Clear();
        Filter = null;
        Formatter = null;
        IntervalNs = 0;
        PreciseIntervalNs = 0;
        EndCaptureRequested = false;
        NextRunArgs = null;
    }

    public void CaptureStart()
    {
        _lua.GetGlobal("on_capture_start\0"u8);
        if (_lua.Type(-1) != TypeFunction) { _lua.Pop(1); return; }
        string? err = Call(0, 1);
        if (err is not null) throw new ChiselException($"{Name} chisel error: {err}");
        try
        {
            if (_lua.Type(-1) != TypeBoolean)
                throw new ChiselException($"{Name} chisel error: wrong on_capture_start() return value. Boolean expected.");
            if (lua_toboolean(_lua.Handle, -1) == 0) throw new ChiselException($"init() for chisel {Name} failed.");
        }
        finally { _lua.Pop(1); }
    }

    /// <summary>
    /// Processes one event that passed the capture filter: interval timer, the chisel's own
    /// filter, on_event, then the event formatter. Returns false when the chisel asked to end
    /// the capture (sysdig.end_capture).
    /// </summary>
    public bool Run(EventRecord evt)
    {
        Tick(evt);
        if (_filterTypes is { } types && !types[evt.Type]) return true;
        if (_filter is not null && !(_filterCertain is { } certain && certain[evt.Type]) && !_filter.Matches(evt)) return true;
        if (Sums.Count != 0) AddToSums(evt);
        if (_hasOnEvent)
        {
            _lua.GetGlobal(_onEventName);
            string? err = Call(0, 1);
            if (err is not null) throw new ChiselException($"{Name} chisel error: {err}");
            bool keep = lua_toboolean(_lua.Handle, -1) != 0;
            _lua.Pop(1);
            if (EndCaptureRequested) return false;
            if (!keep) return true;
        }
        if (Formatter is not null && Formatter.TryFormat(evt, Output)) Output.EndLine();
        return true;
    }

    private void AddToSums(EventRecord evt)
    {
        try
        {
            foreach (var sums in Sums) sums.Add(evt);
        }
        catch (ChiselException e)
        {
            throw new ChiselException($"{Name} chisel error: {e.Message}");
        }
    }

    /// <summary>The interval timer, run for every event read (also those the capture filter drops), in capture time.</summary>
    public void Tick(EventRecord evt)
    {
        // sysdig hands chisels one reused event object, so on_interval sees the event that crossed the boundary.
        if (!ReferenceEquals(CurrentEvent, evt)) CurrentEvent = evt;   // the same view each time: no write barrier
        if (IntervalNs == 0 && PreciseIntervalNs == 0 && !_firstEvent) return;
        ulong ts = evt.Timestamp;
        if (_firstEvent)
        {
            if (IntervalNs != 0) _lastSampleTime = ts - ts % IntervalNs;
            else if (PreciseIntervalNs != 0) _lastSampleTime = ts;
            _firstEvent = false;
            _session.ChiselChanged();
            return;
        }

        if (IntervalNs != 0)
        {
            ulong sample = ts - ts % IntervalNs;
            if (sample == _lastSampleTime) return;
            long delta = 0;
            if (_lastIntervalTs != 0)
            {
                delta = (long)(ts - _lastIntervalTs);
                if (delta == 0) return;
            }
            CallInterval(ts, delta);
            _lastSampleTime = sample;
            _lastIntervalTs = ts;
        }
        else if (PreciseIntervalNs != 0)
        {
            ulong interval = PreciseIntervalNs;
            if (ts - _lastSampleTime < interval) return;
            ulong t;
            for (t = _lastSampleTime; t <= ts - interval; t += interval) CallInterval(t, (long)interval);
            _lastSampleTime = t;
        }
    }

    private void CallInterval(ulong ts, long delta)
    {
        nint L = _lua.Handle;
        _lua.GetGlobal(_onIntervalName);
        lua_pushnumber(L, ts / 1_000_000_000);
        lua_pushnumber(L, ts % 1_000_000_000);
        lua_pushnumber(L, delta);
        string? err = Call(3, 1);
        if (err is not null) throw new ChiselException($"{Name} chisel error: calling on_interval() failed:{err}");
        bool keep = lua_toboolean(L, -1) != 0;
        _lua.Pop(1);
        if (!keep) throw new ChiselException($"execution terminated by the {Name} chisel");
    }

    /// <summary>on_capture_end(last_ts_s, last_ts_ns, last_ts - first_ts).</summary>
    public void CaptureEnd()
    {
        if (_lua is null || _lua.Handle == 0) return;
        nint L = _lua.Handle;
        _lua.GetGlobal("on_capture_end\0"u8);
        if (_lua.Type(-1) != TypeFunction) { _lua.Pop(1); return; }
        ulong first = Engine.FirstEventTimestamp, last = Engine.LastEventTimestamp;
        lua_pushnumber(L, last / 1_000_000_000);
        lua_pushnumber(L, last % 1_000_000_000);
        lua_pushnumber(L, (long)(last - first));
        string? err = Call(3, 0);
        if (err is not null) throw new ChiselException($"{Name} chisel error: {err}");
    }

    public void Dispose()
    {
        _lua?.Dispose();
    }
}
