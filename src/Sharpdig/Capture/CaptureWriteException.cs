namespace Sharpdig.Capture;

/// <summary>
/// Writing a capture file failed (cannot create it, full disk, I/O error). The message is one line
/// naming the file and the system's reason; what was written before stays readable.
/// </summary>
public sealed class CaptureWriteException : IOException
{
    public string FileName { get; }

    public CaptureWriteException(string fileName, Exception inner)
        : this(fileName, $"error writing {fileName}: {Reason(inner)}", inner) { }

    private CaptureWriteException(string fileName, string message, Exception inner) : base(message, inner)
    {
        FileName = fileName;
    }

    /// <summary>The file could not be created.</summary>
    public static CaptureWriteException CannotOpen(string fileName, Exception inner) =>
        new(fileName, $"can't open file {fileName} for writing: {Reason(inner)}", inner);

    private static string Reason(Exception e)
    {
        // .NET puts the path into some messages ("... : '/x'" or "... path '/x' ..."); keep the system's words.
        string m = e.Message;
        int cut = m.IndexOf(" : '", StringComparison.Ordinal);
        if (cut > 0) m = m[..cut];
        return m.TrimEnd('.');
    }
}
