package state

import (
	"container/heap"
	"time"
)

// clock is a clock and the queue of work that falls due on it (settlement,
// expiring authorizations, payouts arriving). The account has one, and each
// test clock has its own for the objects of its customers. It has no
// goroutines and no timers: work runs only inside advanceTo.
type clock struct {
	now   time.Time
	tasks taskHeap
	seq   uint64
	// successor is the clock this one handed its work to when its test
	// clock was deleted; work queued here then runs, and is dated, there.
	successor *clock
}

// live is the clock that now runs this clock's work.
func (c *clock) live() *clock {
	for c.successor != nil {
		c = c.successor
	}
	return c
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

// advanceTo moves the clock to t, running every piece of work due at or
// before t in time order, with the clock set to each task's due instant
// while it runs, so timestamps it writes read as if it had run on time.
// A t in the past is ignored: a clock only moves forward.
func (c *clock) advanceTo(t time.Time) {
	t = t.UTC()
	for {
		task, ok := c.popDue(t)
		if !ok {
			break
		}
		if task.at.After(c.now) {
			c.now = task.at
		}
		task.run()
	}
	if t.After(c.now) {
		c.now = t
	}
}

// handOver moves every task still queued on c to to, in the order c would
// have run them, so that work outlives the clock it was queued on.
func (c *clock) handOver(to *clock) {
	c.successor = to
	for len(c.tasks) > 0 {
		t := heap.Pop(&c.tasks).(task)
		to.schedule(t.at, t.run)
	}
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
