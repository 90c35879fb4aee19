namespace Nst.Functions.Inputs;

/// <summary>A job's private copy of an input image ("jobs/{id}/input/…") and its size in pixels.</summary>
public sealed record KeptImage(string Reference, int Width, int Height);
