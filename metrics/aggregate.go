package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Aggregation names how a region's dimension scores are combined into its index.
type Aggregation string

// The aggregations placevalue offers; "" means AggregateArithmetic.
const (
	// AggregateArithmetic is the weighted mean: a weak dimension is fully made up for by a strong one.
	AggregateArithmetic Aggregation = "arithmetic"
	// AggregateGeometric is the weighted geometric mean: a weak dimension is only partly made up
	// for, so balanced regions rank above lopsided ones with the same mean.
	AggregateGeometric Aggregation = "geometric"
	// AggregateGeneralised is the weighted generalised (power) mean with Options.Power as p: p=1 is
	// the arithmetic mean, p=0 the geometric mean, p<0 punishes weak dimensions harder, p>1 rewards
	// strong ones.
	AggregateGeneralised Aggregation = "generalised"
)

var aggregations = []Aggregation{AggregateArithmetic, AggregateGeometric, AggregateGeneralised}

// ParseAggregation checks an aggregation id from a user; "" is arithmetic.
func ParseAggregation(s string) (Aggregation, error) {
	a := Aggregation(strings.ToLower(strings.TrimSpace(s)))
	if a == "" {
		return AggregateArithmetic, nil
	}
	if slices.Contains(aggregations, a) {
		return a, nil
	}
	return "", unknownAggregation(s)
}

func unknownAggregation(s string) error {
	return fmt.Errorf("unknown aggregation %q; known: arithmetic, geometric, generalised", s)
}

// scoreFloor is where a score of 0 lands before a geometric or generalised mean. Those means need
// strictly positive values (one 0 would make any geometric mean 0), so scores are first mapped
// linearly from [0, 10] onto [0.1, 10], combined, and the result mapped back onto [0, 10]. A region
// scoring 0 everywhere still gets 0 and one scoring 10 everywhere still gets 10.
const scoreFloor = 0.1

func lift(s float64) float64 { return scoreFloor + s*(MaxScore-scoreFloor)/MaxScore }
func unlift(m float64) float64 {
	return clampScore((m - scoreFloor) * MaxScore / (MaxScore - scoreFloor))
}

// Aggregate combines 0–10 scores with weights into one 0–10 score. A NaN score (no data) and a
// zero weight leave that entry out; a nil weights slice weighs every score 1. The result is NaN
// when nothing is left, or when there are not as many weights as scores. p is the power of
// AggregateGeneralised and is ignored otherwise.
func Aggregate(scores, weights []float64, agg Aggregation, p float64) float64 {
	if weights != nil && len(weights) != len(scores) {
		return math.NaN()
	}
	if weights == nil {
		weights = make([]float64, len(scores))
		for i := range weights {
			weights[i] = 1
		}
	}
	a := newAggregator(agg, p)
	return a.combine(a.terms(scores, nil), weights)
}

// aggregator is an Aggregation resolved for repeated use: generalised means with p=1 and p=0 are
// computed exactly as the arithmetic and geometric means they equal. Every mean is computed the
// same way: each score becomes a term (the score, the log of the lifted score, or the lifted score
// to the power p, less 1 for |p| < 1), once, and the weighted mean of the terms is mapped back onto the scale. Uncertainty
// reuses the terms across draws; only the weights change.
type aggregator struct {
	kind Aggregation
	p    float64
}

func newAggregator(agg Aggregation, p float64) aggregator {
	switch agg {
	case AggregateGeometric:
		return aggregator{kind: AggregateGeometric}
	case AggregateGeneralised:
		switch p {
		case 1:
			return aggregator{kind: AggregateArithmetic}
		case 0:
			return aggregator{kind: AggregateGeometric}
		}
		return aggregator{kind: AggregateGeneralised, p: p}
	}
	return aggregator{kind: AggregateArithmetic}
}

// terms appends to dst the term of each score; NaN stays NaN.
func (a aggregator) terms(scores, dst []float64) []float64 {
	for _, s := range scores {
		switch a.kind {
		case AggregateArithmetic:
			dst = append(dst, s)
		case AggregateGeometric:
			dst = append(dst, math.Log(lift(s)))
		default:
			if a.nearZero() {
				// x^p − 1 rather than x^p: for p near 0, x^p is 1 to within a few ulps, and
				// the p-th root of their mean would magnify that rounding by 1/p (p = 1e-17 tied
				// every region). expm1 and log1p (in finish) keep the digits that differ.
				dst = append(dst, math.Expm1(a.p*math.Log(lift(s))))
			} else {
				dst = append(dst, math.Exp(a.p*math.Log(lift(s))))
			}
		}
	}
	return dst
}

// combine is the weighted mean of the terms that are not NaN and have a positive weight, mapped
// back onto the scale; NaN when no weight is left.
func (a aggregator) combine(terms, weights []float64) float64 {
	var sum, total float64
	for i, x := range terms {
		w := weights[i]
		if w <= 0 || math.IsNaN(x) {
			continue
		}
		sum += w * x
		total += w
	}
	if total == 0 {
		return math.NaN()
	}
	return a.finish(sum, total)
}

// finish maps a weighted sum of terms and the sum of the weights onto the 0–10 scale.
func (a aggregator) finish(sum, total float64) float64 {
	switch a.kind {
	case AggregateGeometric:
		return unlift(math.Exp(sum / total))
	case AggregateGeneralised:
		if a.nearZero() {
			return unlift(math.Exp(math.Log1p(sum/total) / a.p))
		}
		return unlift(math.Exp(math.Log(sum/total) / a.p))
	}
	return sum / total
}

// nearZero reports whether the generalised mean's terms are powers less 1: for |p| < 1, where
// lifted scores to the power p stay within [0.1, 10]. Far from 0 the powers themselves are kept,
// since for large negative p their mean can be so small that 1 plus it is 1.
func (a aggregator) nearZero() bool { return math.Abs(a.p) < 1 }

// order is a number that orders regions as finish does, without its exponential: the weighted
// mean of the terms, negated when p < 0 (where a larger mean of powers is a smaller index). finish
// is strictly increasing in it, so ranks by order and by finish agree, except that rounding can
// make finish equal for two means that differ in their last bits.
func (a aggregator) order(sum, total float64) float64 {
	if a.kind == AggregateGeneralised && a.p < 0 {
		return -sum / total
	}
	return sum / total
}
