namespace Sharpdig.Formatting;

/// <summary>How BYTEBUF parameters are printed (-A, -b, -x, -X or the default dotted text).</summary>
public enum BufferStyle { Normal, Ascii, Base64, Hex, HexAscii }

/// <summary>Rendering choices that come from the command line.</summary>
public sealed class RenderOptions
{
    public BufferStyle BufferStyle { get; set; } = BufferStyle.Normal;
    /// <summary>Default-style buffers longer than this are cut (last three chars become "..."); 0 = never (-v).</summary>
    public int MaxBufferChars { get; set; } = 80;
}
