namespace Sharpdig.Fields;

[Flags]
public enum FieldFlags : byte
{
    None = 0,
    /// <summary>Usable in filters only; a -p format naming it is an error.</summary>
    FilterOnly = 1,
    /// <summary>Takes an argument: NAME[arg] or NAME.arg (e.g. proc.aname[2], evt.arg.fd).</summary>
    ArgAllowed = 2,
    /// <summary>The argument is mandatory (evt.arg, evt.type.is, thread.cgroup ...).</summary>
    ArgRequired = 4,
    /// <summary>
    /// Accepted in filters and formats but left out of `-l` (sysdig keeps a few fields for its
    /// curses views only: evt.buflen.net, thread.nametid, span.count ...).
    /// </summary>
    Unlisted = 8,
}

/// <summary>One field of the catalog: its name, type, flags and our one-line description.</summary>
public sealed record FieldInfo(string Name, FieldType Type, FieldFlags Flags, string Description)
{
    public bool IsFilterOnly => (Flags & FieldFlags.FilterOnly) != 0;
    public bool TakesArgument => (Flags & (FieldFlags.ArgAllowed | FieldFlags.ArgRequired)) != 0;
    public bool RequiresArgument => (Flags & FieldFlags.ArgRequired) != 0;
    public bool IsListed => (Flags & FieldFlags.Unlisted) == 0;
    /// <summary>Set by the catalog: the class it belongs to.</summary>
    public FieldClass Class { get; internal set; } = null!;
}

/// <summary>A group of fields as `sysdig -l` shows them (evt, process, fd ...).</summary>
public sealed class FieldClass(string name, string description, FieldInfo[] fields)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public FieldInfo[] Fields { get; } = fields;
}
