using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class SymmetricMatrix3Tests
{
    private static readonly double[,] Spd = { { 4.0, 1.2, -0.5 }, { 1.2, 3.0, 0.7 }, { -0.5, 0.7, 2.0 } };

    [Fact]
    public void Power_SquareRootSquared_GivesTheMatrixBack()
    {
        var root = SymmetricMatrix3.Power(Spd, 0.5, 1e-12);

        AssertClose(Spd, SymmetricMatrix3.Multiply(root, root));
    }

    [Fact]
    public void Power_InverseSquareRoot_WhitensTheMatrix()
    {
        var inverseRoot = SymmetricMatrix3.Power(Spd, -0.5, 1e-12);

        var identity = SymmetricMatrix3.Multiply(SymmetricMatrix3.Multiply(inverseRoot, Spd), inverseRoot);

        AssertClose(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, identity);
    }

    [Fact]
    public void Eigen_DiagonalMatrix_ReturnsItsDiagonal()
    {
        (var values, _) = SymmetricMatrix3.Eigen(new double[,] { { 3, 0, 0 }, { 0, 1, 0 }, { 0, 0, 2 } });

        Assert.Equal([3.0, 1.0, 2.0], values);
    }

    private static void AssertClose(double[,] expected, double[,] actual)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[i, j], actual[i, j], 10);
            }
        }
    }
}
