using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Formatting.Templates;

/// <summary>
/// Prints shown events with a -p format: one line per event, fields rendered as -p shows them.
/// Without a leading '*' an event lacking any field of the format is not printed at all.
/// </summary>
public sealed class TemplateOutput(OutputTemplate template, FieldHooks hooks)
{
    private readonly TemplatePart[] _parts = template.Parts.ToArray();
    private readonly bool _printAll = template.PrintAll;
    private readonly TextBuffer _value = new(256);
    private readonly ByteWriter _bytes = new(256);
    private static ReadOnlySpan<byte> NotAvailable => "<NA>"u8;

    /// <summary>Appends the line for this event; returns false (and appends nothing) if it is skipped.</summary>
    public bool Write(EventContext ctx, ByteWriter w)
    {
        int mark = w.Length;
        for (int p = 0; p < _parts.Length; p++)
        {
            var part = _parts[p];
            if (part.Literal is not null) { w.Write(part.Literal); continue; }
            var f = part.Field!;
            ReadOnlySpan<byte> text;
            // Buffers print with the -A/-X style, except evt.rawarg, which sysdig prints as a C string.
            if (f.Kind == ValueKind.Bytes && f.Info.Type != FieldType.Dynamic)
            {
                if (!f.Extract(ctx)) { if (!_printAll) { Abandon(ctx, p, w, mark); return false; } text = NotAvailable; }
                else { _bytes.Clear(); hooks.WriteBuffer(_bytes, f.TextValue); text = _bytes.WrittenSpan; }
            }
            else
            {
                _value.Clear();
                bool has;
                try { has = f.TryRender(ctx, _value); }
                catch (FieldValueException) { w.Truncate(mark); throw; }
                if (has) text = _value.Span;
                else if (_printAll) text = NotAvailable;
                else { Abandon(ctx, p, w, mark); return false; }
            }
            WriteColumn(w, text, part.Width);
        }
        w.Write((byte)'\n');
        return true;
    }

    /// <summary>
    /// The line is not printed, but sysdig still reads the fields after the missing one: those
    /// that keep state (deltas) must see this event too.
    /// </summary>
    private void Abandon(EventContext ctx, int failed, ByteWriter w, int mark)
    {
        w.Truncate(mark);
        for (int p = failed + 1; p < _parts.Length; p++)
            if (_parts[p].Field is { KeepsState: true } f) f.Extract(ctx);
    }

    private static void WriteColumn(ByteWriter w, ReadOnlySpan<byte> text, int width)
    {
        if (width <= 0) { w.Write(text); return; }
        if (text.Length >= width) { w.Write(text[..width]); return; }
        w.Write(text);
        var pad = w.GetSpan(width - text.Length);
        pad[..(width - text.Length)].Fill((byte)' ');
        w.Advance(width - text.Length);
    }
}
