import { Fifo } from './fifo';

describe('Fifo', () => {
  it('keeps order across pushes, shifts and put-backs, and compacts without losing items', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 3000; i += 1) fifo.push(i);
    for (let i = 0; i < 2000; i += 1) expect(fifo.shift()).toBe(i);
    fifo.unshift(1999);
    expect(fifo.size).toBe(1001);
    expect(fifo.peek()).toBe(1999);
    expect(fifo.shift()).toBe(1999);
    expect(fifo.drain()).toEqual(Array.from({ length: 1000 }, (_, i) => 2000 + i));
    expect(fifo.size).toBe(0);
    expect(fifo.shift()).toBeUndefined();
    fifo.unshift(7);
    expect(fifo.shift()).toBe(7);
  });
});
