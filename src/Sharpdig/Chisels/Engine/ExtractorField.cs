using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.Formatting;
using Sharpdig.Formatting.Templates;
using Sharpdig.State;

namespace Sharpdig.Chisels.Engine;

/// <summary>
/// A chisel's requested field, read through the shared field extractor on the state engine's
/// current event. Values keep their type: numbers, booleans, text and raw bytes; IP addresses
/// become their text form, as sysdig hands them to Lua.
/// evt.buffer is the exception: like sysdig, chisels get it rendered in the buffer format
/// (dots for non-printable bytes by default, or -A/-X/... or sysdig.set_output_format), uncut.
/// </summary>
public sealed class ExtractorField(FieldExtractor extractor, Func<EventContext?> current, FieldHooks? bufferStyle) : IChiselField
{
    private EventContext? _ctx;
    private readonly ByteWriter? _rendered = bufferStyle is null || extractor.Info.Name != "evt.buffer" ? null : new ByteWriter(256);

    public static ExtractorField Compile(string name, Func<EventContext?> current, FieldHooks? bufferStyle)
    {
        if (!FieldCatalog.TryCompileAt(name, 0, requireWhole: true, out var x, out _, out string error))
            throw new ChiselException(error);
        return new ExtractorField(x, current, bufferStyle);
    }

    public bool TryExtract(EventRecord evt, ref ChiselFieldValue value)
    {
        // The engine keeps one context for the whole run: once there is one, it is the one.
        var ctx = _ctx ??= current();
        if (ctx is null || !extractor.Extract(ctx)) return false;
        switch (extractor.Kind)
        {
            case ValueKind.Signed: value.SetInteger(extractor.SignedValue); return true;
            case ValueKind.Unsigned: value.SetUnsigned(extractor.UnsignedValue); return true;
            case ValueKind.Double: value.SetDouble(extractor.RealValue); return true;
            case ValueKind.Bool: value.SetBoolean(extractor.SignedValue != 0); return true;
            case ValueKind.Text: value.SetText(extractor.TextValue); return true;
            case ValueKind.Bytes:
                if (_rendered is null) { value.SetText(extractor.TextValue); return true; }
                _rendered.Clear();
                bufferStyle!.WriteBuffer(_rendered, extractor.TextValue);
                value.SetText(_rendered.WrittenSpan);
                return true;
            default:
                // IP addresses (and anything else) as text; extraction again is cheap and rare
                if (!extractor.TryGetUtf8(ctx, out var text)) return false;
                value.SetText(text);
                return true;
        }
    }
}
