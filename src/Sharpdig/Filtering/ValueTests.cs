using System.Text;
using Sharpdig.Fields;

namespace Sharpdig.Filtering;

/// <summary>A comparison of an extractor's current value (after a successful Extract) against the filter's values.</summary>
internal abstract class ValueTest
{
    public abstract bool Test(FieldExtractor x);
}

internal sealed class SignedTest(CompareOp op, long[] values) : ValueTest
{
    public override bool Test(FieldExtractor x) => NumericCompare.Test(op, x.SignedValue, values);
}

internal sealed class UnsignedTest(CompareOp op, ulong[] values) : ValueTest
{
    public override bool Test(FieldExtractor x) => NumericCompare.Test(op, x.UnsignedValue, values);
}

/// <summary>The numeric operators, once for every integer width (specialized per type, no boxing).</summary>
internal static class NumericCompare
{
    public static bool Test<T>(CompareOp op, T v, T[] values)
        where T : struct, System.Numerics.IComparisonOperators<T, T, bool>, IEquatable<T>
    {
        T w = values[0];
        return op switch
        {
            CompareOp.Equal => v == w,
            CompareOp.NotEqual => v != w,
            CompareOp.Less => v < w,
            CompareOp.LessEqual => v <= w,
            CompareOp.Greater => v > w,
            CompareOp.GreaterEqual => v >= w,
            CompareOp.In or CompareOp.Intersects => Array.IndexOf(values, v) >= 0,
            _ => false,
        };
    }
}

/// <summary>Text and byte buffers: compared as bytes (UTF-8), like strcmp/memcmp.</summary>
internal sealed class TextTest(CompareOp op, byte[][] values) : ValueTest
{
    private readonly byte[] _first = values.Length > 0 ? values[0] : [];

    public override bool Test(FieldExtractor x)
    {
        var v = x.TextValue;
        switch (op)
        {
            case CompareOp.Equal: return v.SequenceEqual(_first);
            case CompareOp.NotEqual: return !v.SequenceEqual(_first);
            case CompareOp.Contains: return v.IndexOf(_first) >= 0;
            case CompareOp.IContains: return IndexOfIgnoreCase(v, _first) >= 0;
            case CompareOp.StartsWith: return v.StartsWith(_first);
            case CompareOp.EndsWith: return v.EndsWith(_first);
            case CompareOp.Glob: return Glob.Match(_first, v);
            case CompareOp.Less: return v.SequenceCompareTo(_first) < 0;
            case CompareOp.LessEqual: return v.SequenceCompareTo(_first) <= 0;
            case CompareOp.Greater: return v.SequenceCompareTo(_first) > 0;
            case CompareOp.GreaterEqual: return v.SequenceCompareTo(_first) >= 0;
            case CompareOp.In: case CompareOp.Intersects:
                foreach (var w in values) if (v.SequenceEqual(w)) return true;
                return false;
            case CompareOp.PMatch:
                foreach (var w in values) if (PathPrefix(v, w)) return true;
                return false;
        }
        return false;
    }

    /// <summary>pmatch: the value is the path itself or lies below it, compared by whole components.</summary>
    private static bool PathPrefix(ReadOnlySpan<byte> path, ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length > 1 && prefix[^1] == '/') prefix = prefix[..^1];
        if (!path.StartsWith(prefix)) return false;
        return path.Length == prefix.Length || path[prefix.Length] == '/' || prefix.Length == 1 && prefix[0] == '/';
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> hay, ReadOnlySpan<byte> needle)
    {
        if (needle.Length == 0) return 0;
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && Lower(hay[i + j]) == Lower(needle[j])) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}

/// <summary>IP address fields against addresses (=, !=, in).</summary>
/// <summary>
/// A comparison sysdig accepts when compiling but refuses on the first value it meets (ordering
/// operators and 'exists' on IP addresses): the error comes only if an event has such a value.
/// </summary>
internal sealed class RefusedAtRunTime(string message) : ValueTest
{
    public override bool Test(FieldExtractor x) => throw new FieldValueException(message);
}

internal sealed class IpTest(CompareOp op, byte[][] values) : ValueTest
{
    public override bool Test(FieldExtractor x)
    {
        var v = x.TextValue;
        bool any = false;
        foreach (var w in values) if (v.SequenceEqual(w)) { any = true; break; }
        return op == CompareOp.NotEqual ? !any : any;
    }
}

/// <summary>IP network fields (fd.net ...): is the address inside the network?</summary>
internal sealed class NetTest(CompareOp op, uint network, uint mask) : ValueTest
{
    public override bool Test(FieldExtractor x)
    {
        var v = x.TextValue;
        bool inside = v.Length == 4 && (BitConverter.ToUInt32(v) & mask) == (network & mask);
        return op == CompareOp.NotEqual ? !inside : inside;
    }
}

/// <summary>fnmatch(3) without flags: * ? [set] [!set] and backslash escapes; '/' is not special.</summary>
internal static class Glob
{
    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                byte c = pattern[p];
                if (c == '*') { starP = p++; starT = t; continue; }
                if (c == '?') { p++; t++; continue; }
                if (c == '[')
                {
                    int end = ClassEnd(pattern, p);
                    if (end > 0)
                    {
                        if (ClassMatches(pattern[(p + 1)..end], text[t])) { p = end + 1; t++; continue; }
                    }
                    else if (text[t] == '[') { p++; t++; continue; }
                }
                else
                {
                    if (c == '\\' && p + 1 < pattern.Length) { c = pattern[p + 1]; if (text[t] == c) { p += 2; t++; continue; } }
                    else if (text[t] == c) { p++; t++; continue; }
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static int ClassEnd(ReadOnlySpan<byte> pattern, int open)
    {
        int i = open + 1;
        if (i < pattern.Length && pattern[i] is (byte)'!' or (byte)'^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        while (i < pattern.Length && pattern[i] != ']') i++;
        return i < pattern.Length ? i : -1;
    }

    private static bool ClassMatches(ReadOnlySpan<byte> set, byte c)
    {
        bool negate = set.Length > 0 && set[0] is (byte)'!' or (byte)'^';
        if (negate) set = set[1..];
        bool hit = false;
        for (int i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-') { if (c >= set[i] && c <= set[i + 2]) hit = true; i += 2; }
            else if (set[i] == c) hit = true;
        }
        return hit != negate;
    }
}

internal static class Utf8Values
{
    public static byte[][] Of(IReadOnlyList<string> values) => values.Select(v => Encoding.UTF8.GetBytes(v)).ToArray();
}
