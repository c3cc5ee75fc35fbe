namespace Sharpdig.State;

/// <summary>Turns a parameter's raw bytes into a state value.</summary>
internal delegate T SpanDecoder<out T>(ReadOnlySpan<byte> raw);

/// <summary>
/// Remembers values decoded from raw bytes, so that an event carrying the same environment,
/// cgroups, argv, name or path as an earlier one shares the value already built instead of
/// allocating it again (the values are immutable). Captures repeat these heavily: siblings of one
/// shell share their environment, a program opens the same files each time it runs.
/// A direct-mapped table indexed by a hash of the bytes: lookups allocate nothing, memory is
/// bounded, and a collision just replaces the older entry.
/// </summary>
internal sealed class RecentDecodes<T>(SpanDecoder<T> decode, int slots = 256) where T : class
{
    private readonly byte[]?[] _keys = new byte[slots][];
    private readonly T[] _values = new T[slots];

    public T Get(ReadOnlySpan<byte> raw)
    {
        var hash = new HashCode();
        hash.AddBytes(raw);
        int slot = (int)((uint)hash.ToHashCode() % (uint)_keys.Length);
        if (_keys[slot] is { } k && k.AsSpan().SequenceEqual(raw)) return _values[slot];
        var value = decode(raw);
        _keys[slot] = raw.ToArray();
        _values[slot] = value;
        return value;
    }
}
