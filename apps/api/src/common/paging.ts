import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A page asked for, its defaults filled in. */
export interface Paging {
  page: number;
  pageSize: number;
}

const MAX_PAGE = 1_000_000;

/**
 * `?page=&pageSize=` of an offset-paged list, for a list query to extend: `class ListXQuery extends PageQuery(100, 20)`.
 * Each list chooses its own largest and default page size; the checks and their 400s are the same everywhere.
 */
export function PageQuery(maxPageSize: number, defaultPageSize: number) {
  class PageQueryBase {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    page?: number;

    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: maxPageSize, default: defaultPageSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxPageSize)
    pageSize?: number;

    /** The page asked for, with the defaults where the query left them out. */
    paging(): Paging {
      return { page: this.page ?? 1, pageSize: this.pageSize ?? defaultPageSize };
    }
  }
  return PageQueryBase;
}

/** What every offset-paged answer carries beside its items; an answer's DTO extends it with `items`. */
export class PageMetaDto {
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
  @ApiProperty({ type: 'integer', description: 'how many match the filter in all' }) total!: number;
}
