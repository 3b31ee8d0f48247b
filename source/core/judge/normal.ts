/** The standard normal distribution, as the rank tests below need it (pure arithmetic, no tables). */

/** z of a two-sided 95 % interval: the quantile 0.975 of the standard normal. */
export const Z_975 = 1.959963984540054;

/**
 * P(Z <= z). Through erfc by the Numerical Recipes rational Chebyshev fit (relative error below 1.2e-7
 * everywhere), so far tails (z = 8) stay accurate enough to compare with 0.05.
 */
export function normalCdf(z: number): number {
	const x = Math.abs(z) / Math.SQRT2;
	const t = 1 / (1 + 0.5 * x);
	const erfc =
		t *
		Math.exp(
			-x * x -
				1.26551223 +
				t *
					(1.00002368 +
						t *
							(0.37409196 +
								t *
									(0.09678418 +
										t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
		);
	return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
	return 2 * normalCdf(-Math.abs(z));
}
