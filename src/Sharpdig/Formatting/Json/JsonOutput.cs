using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.Formatting.Templates;
using Sharpdig.State;

namespace Sharpdig.Formatting.Json;


/// <summary>
/// -j output: one JSON object per event, keys sorted (as jsoncpp writes them). Without -p the
/// keys are sysdig's default set; with -p they are the format's fields (literal text is dropped).
/// </summary>
public sealed class JsonOutput
{
    private readonly (string Key, byte[] KeyJson, FieldExtractor Field)[] _fields;
    private readonly bool _printAll;
    private readonly bool _withOutputTime;
    private readonly FieldHooks _hooks;
    private readonly TextBuffer _value = new(256);
    private readonly ByteWriter _bytes = new(256);

    private const string DefaultFormat = "*%evt.num %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %evt.info";

    public JsonOutput(OutputTemplate? template, FieldHooks hooks)
    {
        _hooks = hooks;
        _withOutputTime = template is null;
        template ??= OutputTemplate.Parse(DefaultFormat);
        _printAll = template.PrintAll;
        var byKey = new SortedDictionary<string, FieldExtractor>(StringComparer.Ordinal);
        foreach (var p in template.Parts)
            if (p.Field is { } f) byKey.TryAdd(p.Key ?? f.Text, f);
        if (_withOutputTime) byKey.TryAdd("evt.outputtime", null!);
        _fields = byKey.Select(kv => (kv.Key, System.Text.Encoding.UTF8.GetBytes(Quote(kv.Key)), kv.Value)).ToArray();
    }

    public bool Write(EventContext ctx, ByteWriter w)
    {
        int mark = w.Length;
        w.Write((byte)'{');
        bool first = true;
        // sysdig reads each field twice in -j (once to see whether it has a value, once to write
        // it); once a field lacks a value (without '*'), the rest are read once and nothing is written.
        bool printed = true;
        foreach (var (key, keyJson, f) in _fields)
        {
            if (f is not null && !printed) { if (f.KeepsState) f.Extract(ctx); continue; }
            if (!first) w.Write((byte)',');
            first = false;
            w.Write(keyJson);
            w.Write((byte)':');
            if (f is null) { w.Write(ctx.Record.Timestamp); continue; }   // evt.outputtime
            if (key.Length == 0 || f.Info.Name == "evt.type.is")           // never has a value here
            {
                if (!_printAll) { printed = false; continue; }
                w.Write("null"u8);
                continue;
            }
            if (f.KeepsState && !f.Extract(ctx) && !_printAll) { printed = false; continue; }
            bool has;
            try { has = WriteValue(ctx, f, w); }
            catch (FieldValueException) { w.Truncate(mark); throw; }
            if (!has)
            {
                if (!_printAll) { printed = false; continue; }
                w.Write("null"u8);
            }
        }
        if (!printed) { w.Truncate(mark); return false; }
        w.Write("}\n"u8);
        return true;
    }

    private bool WriteValue(EventContext ctx, FieldExtractor f, ByteWriter w)
    {
        if (f.Info.Type == FieldType.Dynamic) return WriteRawArg(ctx, f, w);
        if (!f.Extract(ctx)) return false;
        // Types jsoncpp's writer in sysdig 0.29.3 has no case for end the run with an error.
        if (f.Type == FieldType.Double) throw new FieldValueException("wrong event type 33");
        // The time texts are written as the raw timestamp.
        if (f is EventFieldExtractor { IsTimeText: true }) { w.Write(ctx.Record.Timestamp); return true; }
        switch (f.Kind)
        {
            // Numbers with a hex or octal print format are written as their text (fd.dev).
            case ValueKind.Signed or ValueKind.Unsigned when f.RawPrintFormat is PrintFormat.Hex or PrintFormat.Oct:
                _value.Clear();
                f.RenderValue(_value);
                WriteString(w, _value.Span);
                return true;
            case ValueKind.Signed: w.Write(f.SignedValue); return true;
            case ValueKind.Unsigned: w.Write(f.UnsignedValue); return true;
            case ValueKind.Bool: w.Write(f.UnsignedValue != 0 ? "true"u8 : "false"u8); return true;
            case ValueKind.Bytes:
                _bytes.Clear();
                _hooks.WriteBuffer(_bytes, f.TextValue);
                WriteString(w, _bytes.WrittenSpan);
                return true;
            default:
                _value.Clear();
                f.RenderValue(_value);
                WriteString(w, _value.Span);
                return true;
        }
    }

    /// <summary>
    /// evt.rawarg.NAME in JSON: typed by the parameter but without a print format, so numbers
    /// narrower than 64 bits have no value, 64-bit ones become strings, and types sysdig's JSON
    /// writer has no case for stop the run, as in sysdig 0.29.3 (only once a value is there).
    /// </summary>
    private bool WriteRawArg(EventContext ctx, FieldExtractor f, ByteWriter w)
    {
        if (!f.Extract(ctx)) return false;
        switch (f.RawParamType)
        {
            case ParamType.Int8: case ParamType.Int16: case ParamType.Int32: case ParamType.UInt8: case ParamType.UInt16:
            case ParamType.UInt32: case ParamType.UInt64: case ParamType.L4Proto: case ParamType.Port:
            case ParamType.RelTime: case ParamType.AbsTime: case ParamType.SockAddr: case ParamType.SockFamily:
                return false;
            case ParamType.Int64: case ParamType.Pid:
            {
                Span<byte> digits = stackalloc byte[24];
                System.Buffers.Text.Utf8Formatter.TryFormat(f.SignedValue, digits, out int n);
                WriteString(w, digits[..n]);
                return true;
            }
            case ParamType.Bool:
                w.Write(f.UnsignedValue != 0 ? "true"u8 : "false"u8);
                return true;
            case ParamType.CharBuf: case ParamType.FsPath: case ParamType.FsRelPath: case ParamType.ByteBuf:
            {
                var text = f.TextValue;
                int nul = text.IndexOf((byte)0);
                WriteString(w, nul >= 0 ? text[..nul] : text);
                return true;
            }
            case ParamType.IPv4Addr: case ParamType.IPv6Addr: case ParamType.IPAddr:
            {
                _value.Clear();
                f.RenderValue(_value);
                WriteString(w, _value.Span);
                return true;
            }
            default:
                throw new FieldValueException($"wrong event type {(int)f.RawParamType}");
        }
    }

    private static string Quote(string s)
    {
        var tb = new ByteWriter(64);
        WriteString(tb, System.Text.Encoding.UTF8.GetBytes(s));
        return System.Text.Encoding.UTF8.GetString(tb.WrittenSpan);
    }

    /// <summary>A JSON string the way jsoncpp escapes it (bytes from 0x80 up pass through).</summary>
    public static void WriteString(ByteWriter w, ReadOnlySpan<byte> s)
    {
        w.Write((byte)'"');
        int run = 0;
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') continue;
            w.Write(s[run..i]);
            if (b >= 0x80)
            {
                // jsoncpp (emitUTF8 off) decodes a UTF-8 sequence without checking its
                // continuation bytes and writes the code point as \u escapes.
                uint cp = DecodeLikeJsoncpp(s, ref i);
                if (cp < 0x10000) WriteHex4(w, cp);
                else
                {
                    cp -= 0x10000;
                    WriteHex4(w, 0xd800 + ((cp >> 10) & 0x3ff));
                    WriteHex4(w, 0xdc00 + (cp & 0x3ff));
                }
                run = i + 1;
                continue;
            }
            run = i + 1;
            switch (b)
            {
                case (byte)'"': w.Write("\\\""u8); break;
                case (byte)'\\': w.Write("\\\\"u8); break;
                case (byte)'\n': w.Write("\\n"u8); break;
                case (byte)'\t': w.Write("\\t"u8); break;
                case (byte)'\r': w.Write("\\r"u8); break;
                case (byte)'\b': w.Write("\\b"u8); break;
                case (byte)'\f': w.Write("\\f"u8); break;
                default:
                    w.Write("\\u00"u8);
                    w.Write((byte)"0123456789abcdef"[b >> 4]);
                    w.Write((byte)"0123456789abcdef"[b & 15]);
                    break;
            }
        }
        w.Write(s[run..]);
        w.Write((byte)'"');
    }

    private static void WriteHex4(ByteWriter w, uint v)
    {
        w.Write("\\u"u8);
        for (int shift = 12; shift >= 0; shift -= 4) w.Write((byte)"0123456789abcdef"[(int)((v >> shift) & 15)]);
    }

    /// <summary>jsoncpp's utf8ToCodepoint: leaves <paramref name="i"/> on the sequence's last byte; U+FFFD when invalid.</summary>
    private static uint DecodeLikeJsoncpp(ReadOnlySpan<byte> s, ref int i)
    {
        const uint Replacement = 0xFFFD;
        uint first = s[i];
        int left = s.Length - i;
        if (first < 0xE0)
        {
            if (left < 2) return Replacement;
            uint cp = ((first & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
            i += 1;
            return cp < 0x80 ? Replacement : cp;
        }
        if (first < 0xF0)
        {
            if (left < 3) return Replacement;
            uint cp = ((first & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            i += 2;
            if (cp is >= 0xD800 and <= 0xDFFF) return Replacement;
            return cp < 0x800 ? Replacement : cp;
        }
        if (first < 0xF8)
        {
            if (left < 4) return Replacement;
            uint cp = ((first & 0x07) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            i += 3;
            return cp < 0x10000 ? Replacement : cp;
        }
        return Replacement;
    }
}
