using Sharpdig.Events;

namespace Sharpdig.Chisels;

/// <summary>
/// The chisels of one sharpdig run, in command-line order, and the hooks the main loop calls.
/// sysdig's order of events is kept:
/// <list type="number">
/// <item>while the command line is parsed, each -c loads its chisel (<see cref="ArgumentCounter"/>);</item>
/// <item><see cref="Start"/> gives each its arguments (on_set_arg) and runs on_init, before the capture opens;</item>
/// <item><see cref="CaptureStart"/> once the capture is open;</item>
/// <item><see cref="OnEvent"/> for each event that passed the capture filter, <see cref="OnFilteredOut"/> for the others
/// (their time still drives on_interval);</item>
/// <item><see cref="CaptureEnd"/> at the end. On an error sysdig calls it again after printing the message, so
/// a reader error shows the chisel's final output twice (see the err-truncated conformance case).</item>
/// </list>
/// </summary>
public sealed class ChiselSession : IDisposable
{
    private readonly List<(Chisel Chisel, IReadOnlyList<string> Args)> _chisels = [];
    private Chisel[] _inOrder = [];   // the same chisels, for the per-event loops
    // Event types that no chisel does anything with (see Chisel.UsedTypes), worked out
    // again after any chisel changes its filter or timers; null when there are none.
    private bool[]? _ignored;
    private bool _ignoredStale = true;
    private EventRecord? _lastEvent;   // chisels keep the event view they were last handed
    private IChiselEngine? _engine;

    public ChiselDirectories Directories { get; }
    public ChiselOutput Output { get; }

    public ChiselSession(ChiselDirectories directories, ChiselOutput output)
    {
        Directories = directories;
        Output = output;
    }

    public bool IsEmpty => _chisels.Count == 0;
    public IEnumerable<Chisel> Chisels => _chisels.Select(c => c.Chisel);

    internal IChiselEngine Engine => _engine ?? throw new InvalidOperationException("the chisel engine is not attached yet");

    /// <summary>
    /// The callback the command-line parser asks how many of the words after `-c NAME` are the
    /// chisel's arguments. Like sysdig: none for a chisel without args; the next word when it has
    /// a required one (error when there is none); with only optional args, the next word unless it
    /// starts with '-', or (except for a single `filter` arg) unless the remaining words form a
    /// valid filter. The chisel is loaded now, so an unknown chisel fails here.
    /// </summary>
    public Func<string, IReadOnlyList<string>, int> ArgumentCounter(Func<string, bool> isValidFilter) => (name, following) =>
    {
        var chisel = Chisel.Load(name, this);
        int take = CountArgs(chisel, name, following, isValidFilter);
        Append(chisel, take == 0 ? [] : [following[0]]);
        return take;
    };

    internal static int CountArgs(Chisel chisel, string name, IReadOnlyList<string> following, Func<string, bool> isValidFilter)
    {
        if (chisel.Args.Count == 0) return 0;
        if (following.Count == 0)
        {
            if (chisel.RequiredArgCount != 0) throw new ChiselException($"missing arguments for chisel {name}");
            return 0;
        }
        if (chisel.RequiredArgCount != 0) return 1;
        string next = following[0];
        if (next.StartsWith('-')) return 0;
        if (chisel.Args.Count == 1 && chisel.Args[0].Type == "filter") return 1;
        return isValidFilter(string.Join(' ', following)) ? 0 : 1;
    }

    /// <summary>
    /// Adds a chisel not seen by the parser (tests, or callers building the list themselves);
    /// <paramref name="args"/> is the single argument word, or null.
    /// </summary>
    public void Add(string name, string? args)
    {
        var chisel = Chisel.Load(name, this);
        Append(chisel, args is null ? [] : [args]);
    }

    private void Append(Chisel chisel, IReadOnlyList<string> args)
    {
        _chisels.Add((chisel, args));
        _inOrder = [.. _chisels.Select(c => c.Chisel)];
    }

    /// <summary>Attaches the engine, applies each chisel's arguments and runs on_init, in order.</summary>
    public void Start(IChiselEngine engine)
    {
        _engine = engine;
        foreach (var (chisel, args) in _chisels)
        {
            if (args.Count == 1) chisel.SetArgs(args[0]);
            chisel.Init();
        }
    }

    public void CaptureStart()
    {
        foreach (var (chisel, _) in _chisels) chisel.CaptureStart();
    }

    /// <summary>Runs every chisel on an event that passed the capture filter; false when one ended the capture.</summary>
    public bool OnEvent(EventRecord evt)
    {
        if (_ignoredStale) UpdateIgnored();
        // Most events are of types no chisel looks at: skip them, as long as the chisels already
        // hold this event view (sources hand the same view each time).
        if (_ignored is { } ignored && ignored[evt.Type] && ReferenceEquals(evt, _lastEvent)) return true;
        _lastEvent = evt;
        bool go = true;
        foreach (var chisel in _inOrder)
        {
            if (!chisel.Run(evt)) go = false;
        }
        return go;
    }

    /// <summary>An event the capture filter dropped: only the interval timers see its time.</summary>
    public void OnFilteredOut(EventRecord evt)
    {
        _lastEvent = evt;
        foreach (var chisel in _inOrder) chisel.Tick(evt);
    }

    /// <summary>A chisel changed its filter or timers: the ignored types are worked out again before the next event.</summary>
    internal void ChiselChanged() => _ignoredStale = true;

    private void UpdateIgnored()
    {
        _ignoredStale = false;
        _ignored = null;
        if (_inOrder.Length == 0) return;
        var ignored = new bool[EventTable.Count];
        Array.Fill(ignored, true);
        foreach (var chisel in _inOrder)
        {
            if (chisel.UsedTypes is not { } used) return;
            for (int t = 0; t < ignored.Length; t++) ignored[t] &= t < used.Length && !used[t];
        }
        _ignored = ignored;
    }

    /// <summary>
    /// on_capture_end for every chisel. Each runs even if an earlier one fails; the first
    /// failure is thrown afterwards.
    /// </summary>
    public void CaptureEnd()
    {
        ChiselException? first = null;
        foreach (var (chisel, _) in _chisels)
        {
            try { chisel.CaptureEnd(); }
            catch (ChiselException e) { first ??= e; }
        }
        Output.Flush();
        if (first is not null) throw first;
    }

    /// <summary>Arguments of a second run requested by a chisel (sysdig.run_app), or null.</summary>
    public string? NextRunArgs => _chisels.Select(c => c.Chisel.NextRunArgs).LastOrDefault(a => a is not null);

    public void Dispose()
    {
        foreach (var (chisel, _) in _chisels) chisel.Dispose();
        _chisels.Clear();
        _inOrder = [];
        Output.Flush();
    }
}
