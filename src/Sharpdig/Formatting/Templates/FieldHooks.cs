using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Formatting.Templates;

/// <summary>
/// Connects the field catalog to the parameter renderer (evt.arg, evt.args, evt.info) and renders
/// byte-buffer fields (evt.buffer) in the command line's buffer style.
/// </summary>
public sealed class FieldHooks
{
    private readonly ParamRenderer _renderer;
    private readonly ByteWriter _scratch = new(512);

    private FieldHooks(ParamRenderer renderer) { _renderer = renderer; }

    public RenderOptions Options => _renderer.Options;

    /// <summary>Installs the hooks for this process (one renderer per run).</summary>
    public static FieldHooks Install(ParamRenderer renderer)
    {
        var h = new FieldHooks(renderer);
        EventTextHooks.RenderParam = h.RenderParam;
        EventTextHooks.RenderArgs = h.RenderArgs;
        EventTextHooks.RenderInfo = h.RenderInfo;
        return h;
    }

    private bool RenderParam(EventContext ctx, int index, TextBuffer output)
    {
        _scratch.Clear();
        if (!_renderer.RenderParam(ctx, index, ParamText.ResolvedElseRaw, _scratch)) return false;
        output.Append(_scratch.WrittenSpan);
        return true;
    }

    private bool RenderArgs(EventContext ctx, TextBuffer output)
    {
        _scratch.Clear();
        _renderer.RenderArgs(ctx, _scratch);
        output.Append(_scratch.WrittenSpan);
        return true;
    }

    private bool RenderInfo(EventContext ctx, TextBuffer output)
    {
        _scratch.Clear();
        _renderer.RenderInfo(ctx, _scratch);
        output.Append(_scratch.WrittenSpan);
        return true;
    }

    /// <summary>A BYTEBUF value as -p prints it: in the -A/-b/-x/-X style, dotted by default.</summary>
    public void WriteBuffer(ByteWriter w, ReadOnlySpan<byte> data) =>
        BufferText.Write(w, data, Options.BufferStyle, Options.MaxBufferChars);
}
