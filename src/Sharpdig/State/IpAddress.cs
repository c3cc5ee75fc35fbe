using System.Buffers.Binary;

namespace Sharpdig.State;

/// <summary>
/// An IPv4 or IPv6 address held by value (no allocation). Bytes are kept in network order:
/// IPv4 uses the first 4 of the 16.
/// </summary>
public readonly struct IpAddress : IEquatable<IpAddress>
{
    private readonly ulong _hi, _lo;   // the 16 bytes, big-endian halves
    public bool IsV6 { get; }

    public static readonly IpAddress NoneV4 = default;

    private IpAddress(ulong hi, ulong lo, bool v6) { _hi = hi; _lo = lo; IsV6 = v6; }

    /// <summary>From 4 (IPv4) or 16 (IPv6) network-order bytes; anything else gives 0.0.0.0.</summary>
    public static IpAddress FromBytes(ReadOnlySpan<byte> b)
    {
        if (b.Length == 4) return new((ulong)BinaryPrimitives.ReadUInt32BigEndian(b) << 32, 0, false);
        if (b.Length == 16)
            return new(BinaryPrimitives.ReadUInt64BigEndian(b), BinaryPrimitives.ReadUInt64BigEndian(b[8..]), true);
        return default;
    }

    /// <summary>The IPv4 value as read from the wire in network order, as a host integer (a.b.c.d = a&lt;&lt;24|...).</summary>
    public uint V4 => (uint)(_hi >> 32);

    public void CopyTo(Span<byte> dest16)
    {
        BinaryPrimitives.WriteUInt64BigEndian(dest16, _hi);
        BinaryPrimitives.WriteUInt64BigEndian(dest16[8..], _lo);
    }

    public bool IsZero => _hi == 0 && _lo == 0;

    /// <summary>IPv6 ::ffff:a.b.c.d (IPv4-mapped).</summary>
    public bool IsV4Mapped => IsV6 && _hi == 0 && (_lo >> 32) == 0xFFFF;

    /// <summary>For a v6 address that is v4-mapped or zero, the IPv4 address it stands for.</summary>
    public IpAddress ToV4() => IsV6 ? new((_lo & 0xFFFFFFFF) << 32, 0, false) : this;

    public bool Equals(IpAddress o) => _hi == o._hi && _lo == o._lo && IsV6 == o.IsV6;
    public override bool Equals(object? obj) => obj is IpAddress a && Equals(a);
    public override int GetHashCode() => HashCode.Combine(_hi, _lo, IsV6);
    public static bool operator ==(IpAddress a, IpAddress b) => a.Equals(b);
    public static bool operator !=(IpAddress a, IpAddress b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> buf = stackalloc byte[64];
        int n = Formatting.AddressText.WriteIp(this, buf);
        return System.Text.Encoding.ASCII.GetString(buf[..n]);
    }
}
