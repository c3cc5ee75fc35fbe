using System.Text;

namespace Sharpdig.State;

/// <summary>
/// An immutable piece of text kept as UTF-8 bytes (what renderers copy to the output) with the
/// .NET string made on first request (what filters compare). State objects hold these so the
/// per-event output path never transcodes.
/// </summary>
public sealed class Utf8Text : IEquatable<Utf8Text>
{
    public static readonly Utf8Text Empty = new([], "");
    public static readonly Utf8Text NotAvailable = FromString("<NA>");

    private readonly byte[] _bytes;
    private string? _string;

    private Utf8Text(byte[] bytes, string? text) { _bytes = bytes; _string = text; }

    public static Utf8Text FromString(string text) =>
        text.Length == 0 ? Empty : new(Encoding.UTF8.GetBytes(text), text);

    /// <summary>Copies <paramref name="bytes"/>; invalid UTF-8 is kept as is for output.</summary>
    public static Utf8Text FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? Empty : new(bytes.ToArray(), null);

    /// <summary>Takes ownership of <paramref name="bytes"/> (the caller must not change them).</summary>
    public static Utf8Text Own(byte[] bytes) => bytes.Length == 0 ? Empty : new(bytes, null);

    public ReadOnlySpan<byte> Bytes => _bytes;
    public int Length => _bytes.Length;
    public bool IsEmpty => _bytes.Length == 0;

    public string Value => _string ??= Encoding.UTF8.GetString(_bytes);

    public bool SameAs(ReadOnlySpan<byte> other) => other.SequenceEqual(_bytes);

    public bool Equals(Utf8Text? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);
    public override bool Equals(object? obj) => obj is Utf8Text t && Equals(t);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }
    public override string ToString() => Value;
}
