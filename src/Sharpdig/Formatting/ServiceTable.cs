using System.Text;
using Sharpdig.Capture;

namespace Sharpdig.Formatting;

/// <summary>
/// The services database (/etc/services) as sysdig's -R sees it through glibc's getservbyport:
/// a port asked for with "tcp" or "udp" gets the official name of the first line in file order
/// with that port and protocol; asked for with no protocol (the fd's transport is unknown), the
/// first line with that port whatever its protocol. Aliases are never printed. Names are kept as
/// UTF-8 so the output path only copies them. The system table is read once, on first use.
/// </summary>
public sealed class ServiceTable
{
    private readonly Dictionary<ushort, byte[]> _tcp = new(), _udp = new(), _anyProto = new();
    private readonly Dictionary<string, int> _portByName = new(StringComparer.Ordinal);

    private static readonly Lazy<ServiceTable> s_system = new(() => FromFile("/etc/services"));

    /// <summary>This machine's /etc/services (empty when it cannot be read).</summary>
    public static ServiceTable System => s_system.Value;

    public static ServiceTable FromFile(string path)
    {
        try { return Parse(File.ReadLines(path)); }
        catch (IOException) { return new ServiceTable(); }
        catch (UnauthorizedAccessException) { return new ServiceTable(); }
    }

    /// <summary>Builds the table from the lines of a services file, skipping lines glibc rejects.</summary>
    public static ServiceTable Parse(IEnumerable<string> lines)
    {
        var table = new ServiceTable();
        foreach (var line in lines)
            if (TryParseLine(line, out var name, out ushort port, out var proto, out var aliases))
                table.Add(name, port, proto, aliases);
        return table;
    }

    /// <summary>
    /// The service name of <paramref name="port"/> for the transport (TCP and UDP ask for their
    /// protocol, anything else for any); empty when the file has none.
    /// </summary>
    public ReadOnlySpan<byte> NameOf(ushort port, L4Proto proto)
    {
        var byPort = proto switch { L4Proto.Tcp => _tcp, L4Proto.Udp => _udp, _ => _anyProto };
        return byPort.TryGetValue(port, out var name) ? name : default;
    }

    /// <summary>A port named by a service name or alias (filter values such as fd.port=http).</summary>
    public bool TryGetPort(string name, out int port) => _portByName.TryGetValue(name, out port);

    private void Add(string name, ushort port, string proto, List<string> aliases)
    {
        byte[]? utf8 = null;
        if (!_anyProto.ContainsKey(port)) _anyProto[port] = utf8 = Encoding.UTF8.GetBytes(name);
        var byProto = proto == "tcp" ? _tcp : proto == "udp" ? _udp : null;
        if (byProto is not null && !byProto.ContainsKey(port)) byProto[port] = utf8 ?? Encoding.UTF8.GetBytes(name);
        _portByName.TryAdd(name, port);
        foreach (var a in aliases) _portByName.TryAdd(a, port);
    }

    /// <summary>
    /// One line as glibc's files backend reads it: the text before '#'; leading blanks skipped;
    /// the name up to a blank; the port as strtoul with base 0 (so 0x50 and 0120 are 80), kept to
    /// 16 bits; one or more '/' (or the end of the line); the protocol up to a blank (may be empty);
    /// then aliases.
    /// </summary>
    internal static bool TryParseLine(string line, out string name, out ushort port, out string proto, out List<string> aliases)
    {
        name = proto = ""; port = 0; aliases = [];
        int hash = line.IndexOf('#');
        var s = hash >= 0 ? line.AsSpan(0, hash) : line.AsSpan();
        int i = SkipBlanks(s, 0);
        if (i == s.Length) return false;
        int start = i;
        while (i < s.Length && !IsBlank(s[i])) i++;
        name = s[start..i].ToString();
        i = SkipBlanks(s, i);
        if (!TryParsePort(s, ref i, out port)) return false;
        if (i < s.Length)
        {
            if (s[i] != '/') return false;
            while (i < s.Length && s[i] == '/') i++;
        }
        start = i;
        while (i < s.Length && !IsBlank(s[i])) i++;
        proto = s[start..i].ToString();
        while (true)
        {
            i = SkipBlanks(s, i);
            if (i == s.Length) break;
            start = i;
            while (i < s.Length && !IsBlank(s[i])) i++;
            aliases.Add(s[start..i].ToString());
        }
        return true;
    }

    // strtoul(base 0): blanks, a sign, then hex after 0x, octal after 0, else decimal. glibc keeps
    // the value to 32 bits by saturating (a negated value wraps past that too, except for absurdly
    // long inputs), and the port is its low 16 bits.
    private static bool TryParsePort(ReadOnlySpan<char> s, ref int i, out ushort port)
    {
        port = 0;
        int j = SkipBlanks(s, i);
        bool negative = false;
        if (j < s.Length && (s[j] == '+' || s[j] == '-')) { negative = s[j] == '-'; j++; }
        int radix = 10;
        if (j < s.Length && s[j] == '0')
        {
            if (j + 2 < s.Length && (s[j + 1] == 'x' || s[j + 1] == 'X') && DigitValue(s[j + 2]) < 16) { radix = 16; j += 2; }
            else radix = 8;
        }
        int first = j;
        ulong value = 0;
        while (j < s.Length && DigitValue(s[j]) < radix)
        {
            if (value <= uint.MaxValue) value = value * (ulong)radix + (ulong)DigitValue(s[j]);
            j++;
        }
        if (j == first) return false;
        if (value > uint.MaxValue || (negative && value != 0)) value = uint.MaxValue;
        port = (ushort)value;
        i = j;
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => 99,
    };

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    private static int SkipBlanks(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsBlank(s[i])) i++;
        return i;
    }
}
