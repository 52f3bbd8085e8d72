package state

import (
	"container/heap"
	"time"
)

// clock is the fake's one clock and the queue of work that falls due on it
// (settlement, expiring authorizations, payouts arriving). It has no
// goroutines and no timers: work runs only inside AdvanceTo.
type clock struct {
	now   time.Time
	tasks taskHeap
	seq   uint64
}

// task is one piece of due work. seq keeps tasks due at the same instant in
// the order they were scheduled.
type task struct {
	at  time.Time
	seq uint64
	run func()
}

// schedule queues run to happen at at. Work due now or earlier runs at the
// next AdvanceTo, never synchronously, so callers see a consistent state.
func (c *clock) schedule(at time.Time, run func()) {
	c.seq++
	heap.Push(&c.tasks, task{at: at, seq: c.seq, run: run})
}

// popDue removes and returns the earliest task due at or before t.
func (c *clock) popDue(t time.Time) (task, bool) {
	if len(c.tasks) == 0 || c.tasks[0].at.After(t) {
		return task{}, false
	}
	return heap.Pop(&c.tasks).(task), true
}

type taskHeap []task

func (h taskHeap) Len() int { return len(h) }
func (h taskHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h taskHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *taskHeap) Push(x any)   { *h = append(*h, x.(task)) }
func (h *taskHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
