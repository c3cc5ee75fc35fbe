using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Chisels.Engine;

/// <summary>
/// chisel.set_event_formatter: a -p style format (literal text and %field references) rendered
/// for each event the chisel keeps. Like -p, a line is printed only when every field has a value,
/// unless the format starts with '*'.
/// </summary>
public sealed class ChiselEventFormat : IChiselFormatter
{
    private readonly List<(byte[]? Literal, FieldExtractor? Field)> _parts = [];
    private readonly bool _printAlways;
    private readonly Func<EventContext?> _current;
    private readonly TextBuffer _line = new(256);

    public ChiselEventFormat(string format, Func<EventContext?> current)
    {
        _current = current;
        int i = 0;
        if (format.StartsWith('*')) { _printAlways = true; i = 1; }
        var literal = new System.Text.StringBuilder();
        while (i < format.Length)
        {
            if (format[i] == '%' && i + 1 < format.Length && format[i + 1] != '%')
            {
                if (!FieldCatalog.TryCompileAt(format, i + 1, requireWhole: false, out var field, out int length, out string error))
                    throw new ChiselException(error);
                Flush(literal);
                _parts.Add((null, field));
                i += 1 + length;
                continue;
            }
            if (format[i] == '%') i++;   // "%%" is a literal percent sign
            literal.Append(format[i++]);
        }
        Flush(literal);
    }

    private void Flush(System.Text.StringBuilder literal)
    {
        if (literal.Length == 0) return;
        _parts.Add((System.Text.Encoding.UTF8.GetBytes(literal.ToString()), null));
        literal.Clear();
    }

    public bool TryFormat(EventRecord evt, ChiselOutput output)
    {
        var ctx = _current();
        if (ctx is null) return false;
        _line.Clear();
        foreach (var (literal, field) in _parts)
        {
            if (literal is not null) { _line.Append(literal); continue; }
            if (!field!.TryRender(ctx, _line))
            {
                if (!_printAlways) return false;
                _line.Append("<NA>"u8);
            }
        }
        output.Write(_line.Span);
        return true;
    }
}
