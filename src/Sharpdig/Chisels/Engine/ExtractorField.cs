using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Chisels.Engine;

/// <summary>
/// A chisel's requested field, read through the shared field extractor on the state engine's
/// current event. Values keep their type: numbers, booleans, text and raw bytes; IP addresses
/// become their text form, as sysdig hands them to Lua.
/// </summary>
public sealed class ExtractorField(FieldExtractor extractor, Func<EventContext?> current) : IChiselField
{
    public static ExtractorField Compile(string name, Func<EventContext?> current)
    {
        if (!FieldCatalog.TryCompileAt(name, 0, requireWhole: true, out var x, out _, out string error))
            throw new ChiselException(error);
        return new ExtractorField(x, current);
    }

    public bool TryExtract(EventRecord evt, ref ChiselFieldValue value)
    {
        var ctx = current();
        if (ctx is null || !extractor.Extract(ctx)) return false;
        switch (extractor.Kind)
        {
            case ValueKind.Signed: value.SetInteger(extractor.SignedValue); return true;
            case ValueKind.Unsigned: value.SetUnsigned(extractor.UnsignedValue); return true;
            case ValueKind.Double: value.SetDouble(extractor.RealValue); return true;
            case ValueKind.Bool: value.SetBoolean(extractor.SignedValue != 0); return true;
            case ValueKind.Text:
            case ValueKind.Bytes: value.SetText(extractor.TextValue); return true;
            default:
                // IP addresses (and anything else) as text; extraction again is cheap and rare
                if (!extractor.TryGetUtf8(ctx, out var text)) return false;
                value.SetText(text);
                return true;
        }
    }
}
