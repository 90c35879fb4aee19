namespace Nst.Engine.Session;

public enum OptimizerKind
{
    Lbfgs,
    Adam,
}
