namespace Sharpdig.Events;

/// <summary>Schema of one event type: its code, name, direction, category, flags and parameters.</summary>
public sealed class EventInfo(
    int code, string name, EventDirection direction, EventCategory category, EventFlags flags,
    bool listedBySysdig, bool headOnly, ParamInfo[] parameters)
{
    public int Code { get; } = code;
    public string Name { get; } = name;
    public EventDirection Direction { get; } = direction;
    public EventCategory Category { get; } = category;
    public EventFlags Flags { get; } = flags;
    /// <summary>True when `-L` lists it (not unused, not an old layout, not internal).</summary>
    public bool ListedBySysdig { get; } = listedBySysdig;
    /// <summary>Codes 336 and up exist only in newer libs; sysdig 0.29.3 skips them.</summary>
    public bool HeadOnly { get; } = headOnly;
    public ParamInfo[] Parameters { get; } = parameters;

    public bool IsEnter => Direction == EventDirection.Enter;
    public bool HasLargePayload => (Flags & EventFlags.LargePayload) != 0;
    public bool IsInternal => (Category & EventCategory.Internal) != 0 && !HeadOnly;
    /// <summary>The first parameter is the call's result ("res" or "fd"): negative means failed.</summary>
    public bool FirstParamIsResult { get; } = parameters.Length > 0 && parameters[0].Name is "res" or "fd";

    /// <summary>Index of the named parameter, or -1.</summary>
    public int IndexOf(string paramName)
    {
        for (int i = 0; i < Parameters.Length; i++)
            if (Parameters[i].Name == paramName) return i;
        return -1;
    }

    public override string ToString() => $"{(IsEnter ? '>' : '<')} {Name}({Code})";
}
