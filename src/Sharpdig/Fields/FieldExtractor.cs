using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>
/// The one extraction API shared by filters, -p formats, JSON and the Lua chisels. Obtain one with
/// <see cref="FieldCatalog.TryCompile"/>; it is compiled once and then read for each event.
/// Not thread-safe: an extractor keeps its last value in reusable slots (no allocation per event).
/// </summary>
public interface IFieldExtractor
{
    /// <summary>The catalog entry (for evt.rawarg: the DYNAMIC entry; see <see cref="Type"/>).</summary>
    FieldInfo Info { get; }
    /// <summary>The field as written, argument included (proc.aname[2], evt.arg.fd).</summary>
    string Text { get; }
    /// <summary>The effective value type (evt.rawarg takes its parameter's type).</summary>
    FieldType Type { get; }
    ValueKind Kind { get; }

    bool TryGetUtf8(EventContext ctx, out ReadOnlySpan<byte> value);
    bool TryGetString(EventContext ctx, out string value);
    bool TryGetInt64(EventContext ctx, out long value);
    bool TryGetUInt64(EventContext ctx, out ulong value);
    bool TryGetDouble(EventContext ctx, out double value);
    bool TryGetBool(EventContext ctx, out bool value);
    /// <summary>Appends the value exactly as `-p` prints it; false (nothing appended) when absent.</summary>
    bool TryRender(EventContext ctx, TextBuffer output);
}

/// <summary>
/// Base of every field extractor. <see cref="Extract"/> computes the value into one of the slots
/// (number, real, or a byte range); the typed getters and the renderers read those slots.
/// </summary>
public abstract class FieldExtractor : IFieldExtractor
{
    protected FieldExtractor(FieldInfo info, string text, FieldType? effectiveType = null)
    {
        Info = info;
        Text = text;
        Type = effectiveType ?? info.Type;
        Kind = FieldTypeNames.KindOf(Type);
    }

    public FieldInfo Info { get; }
    public string Text { get; }
    public FieldType Type { get; protected set; }
    public ValueKind Kind { get; protected set; }
    /// <summary>For evt.rawarg: the parameter's own type and print format, which drive rendering.</summary>
    public ParamType RawParamType { get; protected set; }
    public PrintFormat RawPrintFormat { get; protected set; } = PrintFormat.Dec;

    // ---- value slots, valid after Extract returned true ----
    /// <summary>Signed, unsigned (as bits), and bool (0/1) values.</summary>
    protected long Number;
    protected double Real;
    private byte[] _textArray = [];
    private int _textStart, _textLength;
    /// <summary>Scratch space for text that has to be built (owned by this extractor).</summary>
    protected readonly TextBuffer Scratch = new(64);

    /// <summary>Computes the value for the event in <paramref name="ctx"/>; false when the field has none.</summary>
    public abstract bool Extract(EventContext ctx);

    public ulong UnsignedValue => (ulong)Number;
    public long SignedValue => Number;
    public double RealValue => Real;
    public ReadOnlySpan<byte> TextValue => _textArray.AsSpan(_textStart, _textLength);

    protected bool SetSigned(long v) { Number = v; return true; }
    protected bool SetUnsigned(ulong v) { Number = (long)v; return true; }
    protected bool SetBool(bool v) { Number = v ? 1 : 0; return true; }
    protected bool SetReal(double v) { Real = v; return true; }
    protected bool SetText(byte[] array, int start, int length) { _textArray = array; _textStart = start; _textLength = length; return true; }
    protected bool SetText(TextBuffer buffer) => SetText(buffer.RawArray, 0, buffer.Length);
    /// <summary>Sets a text value from a string (encoded into the scratch buffer).</summary>
    protected bool SetText(string s) { Scratch.Clear(); Scratch.Append(s); return SetText(Scratch); }
    /// <summary>Sets a text value from bytes that may not outlive the call (copied to scratch).</summary>
    protected bool SetTextCopy(ReadOnlySpan<byte> s) { Scratch.Clear(); Scratch.Append(s); return SetText(Scratch); }

    // ---- typed getters (the chisel and filter API) ----
    public bool TryGetUtf8(EventContext ctx, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Extract(ctx)) return false;
        if (Kind is ValueKind.Text or ValueKind.Bytes) { value = TextValue; return true; }
        Scratch.Clear();
        RenderValue(Scratch);
        value = Scratch.Span;
        return true;
    }

    public bool TryGetString(EventContext ctx, out string value)
    {
        if (TryGetUtf8(ctx, out var bytes)) { value = Encoding.UTF8.GetString(bytes); return true; }
        value = "";
        return false;
    }

    public bool TryGetInt64(EventContext ctx, out long value)
    {
        value = 0;
        if (!Extract(ctx)) return false;
        switch (Kind)
        {
            case ValueKind.Signed: case ValueKind.Unsigned: case ValueKind.Bool: value = Number; return true;
            case ValueKind.Double: value = (long)Real; return true;
            case ValueKind.Text: case ValueKind.Bytes: return Utf8Parser.TryParse(TextValue, out value, out int n) && n == TextValue.Length;
            default: return false;
        }
    }

    public bool TryGetUInt64(EventContext ctx, out ulong value)
    {
        bool ok = TryGetInt64(ctx, out long v);
        value = (ulong)v;
        return ok;
    }

    public bool TryGetDouble(EventContext ctx, out double value)
    {
        value = 0;
        if (!Extract(ctx)) return false;
        switch (Kind)
        {
            case ValueKind.Signed: case ValueKind.Bool: value = Number; return true;
            case ValueKind.Unsigned: value = (ulong)Number; return true;
            case ValueKind.Double: value = Real; return true;
            default: return false;
        }
    }

    public bool TryGetBool(EventContext ctx, out bool value)
    {
        value = false;
        if (!Extract(ctx)) return false;
        value = Kind == ValueKind.Double ? Real != 0 : Number != 0;
        return Kind is not (ValueKind.Text or ValueKind.Bytes or ValueKind.IPAddress);
    }

    /// <summary>
    /// True when reading the value changes what the next read gives (deltas kept per field, as
    /// sysdig keeps them per filter check). Outputs read such fields exactly as often as sysdig
    /// does: every token of a -p format, twice per token in -j.
    /// </summary>
    public virtual bool KeepsState => false;

    public virtual bool TryRender(EventContext ctx, TextBuffer output)
    {
        if (!Extract(ctx)) return false;
        // sysdig 0.29.3 cannot print a raw fd parameter as text and stops with this error.
        if (RawParamType == ParamType.Fd && Info.Type == FieldType.Dynamic) throw new FieldValueException("wrong event type 14");
        RenderValue(output);
        return true;
    }

    /// <summary>Appends the extracted value as `-p` shows it (sysdig's rawval_to_string rules).</summary>
    public virtual void RenderValue(TextBuffer output)
    {
        switch (Kind)
        {
            case ValueKind.Signed:
                if (RawPrintFormat == PrintFormat.Hex && Type == FieldType.Int64) output.AppendHex((ulong)Number);
                else if (RawPrintFormat == PrintFormat.Hex && Type == FieldType.Int32) output.AppendHex((uint)Number);
                else if (RawPrintFormat == PrintFormat.Oct) AppendOctal(output, (ulong)Number);
                else output.Append(Number);
                break;
            case ValueKind.Unsigned:
                if (RawPrintFormat == PrintFormat.Hex && Type == FieldType.UInt64) output.AppendHex((ulong)Number);
                else if (RawPrintFormat == PrintFormat.Oct) AppendOctal(output, (ulong)Number);
                else if (RawPrintFormat == PrintFormat.PaddedDec) output.AppendPadded((ulong)Number, 9);
                else output.Append((ulong)Number);
                break;
            case ValueKind.Bool:
                output.Append(Number != 0 ? "true"u8 : "false"u8);
                break;
            case ValueKind.Double:
                AppendFixed1(output, Real);
                break;
            case ValueKind.IPAddress:
                IpText.Append(output, TextValue);
                break;
            default:
                output.Append(TextValue);
                break;
        }
    }

    private static void AppendOctal(TextBuffer output, ulong v)
    {
        Span<byte> tmp = stackalloc byte[24];
        int i = tmp.Length;
        do { tmp[--i] = (byte)('0' + (int)(v & 7)); v >>= 3; } while (v != 0);
        output.Append(tmp[i..]);
    }

    /// <summary>printf("%.1f").</summary>
    public static void AppendFixed1(TextBuffer output, double v)
    {
        Span<byte> tmp = stackalloc byte[64];
        if (v.TryFormat(tmp, out int n, "F1", System.Globalization.CultureInfo.InvariantCulture)) output.Append(tmp[..n]);
    }

    public override string ToString() => Text;
}

/// <summary>A value sysdig 0.29.3 cannot print; like sysdig, the run stops with this message.</summary>
public sealed class FieldValueException(string message) : Exception(message);
