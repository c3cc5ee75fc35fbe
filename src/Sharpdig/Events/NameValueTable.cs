namespace Sharpdig.Events;

public readonly record struct NameValue(string Name, uint Value);

/// <summary>An ordered flag or enum table. Order matters: rendering scans it front to back.</summary>
public sealed class NameValueTable(string name, NameValue[] entries)
{
    public string Name { get; } = name;
    public NameValue[] Entries { get; } = entries;
}
