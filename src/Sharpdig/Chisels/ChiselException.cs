namespace Sharpdig.Chisels;

/// <summary>
/// A chisel could not be found, loaded, given its arguments or run. The message is the one line
/// printed on stderr (it names the chisel and, for Lua errors, the file and line).
/// </summary>
public sealed class ChiselException(string message) : Exception(message);
